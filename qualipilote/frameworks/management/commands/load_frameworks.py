from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualipilote.frameworks.loader import default_paths, load_files
from qualipilote.frameworks.schema import FrameworkDataError


class Command(BaseCommand):
    help = (
        "Charge ou met à jour les référentiels depuis leurs fichiers YAML (par défaut tous les "
        "fichiers de qualipilote/frameworks/data/) ; tout ou rien, peut être relancé sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="fichiers YAML à charger")
        parser.add_argument(
            "--force",
            action="store_true",
            help="réécrit aussi les versions dont les données n'ont pas changé depuis le "
            "dernier chargement (écrase ce qu'un import a complété)",
        )

    def handle(self, *args, paths, force, **options):
        paths = paths or default_paths()
        try:
            reports = load_files(paths, force=force)
        except FrameworkDataError as error:
            raise CommandError(
                "Aucun référentiel n'a été chargé :\n"
                + "\n".join(f"  - {problem}" for problem in error.problems)
            ) from None
        for report in reports:
            self.stdout.write(str(report))
        self.stdout.write(
            self.style.SUCCESS(f"{len(reports)} fichier(s) de référentiel traité(s).")
        )
