from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.services import import_organisations


class Command(BaseCommand):
    help = (
        "Crée des organisations depuis un fichier CSV ou XLSX "
        "(colonnes code, nom, type, departement, parent) : tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            created = import_organisations(path.read_bytes(), path.name)
        except ImportRejected as rejected:
            raise CommandError(f"{path.name} : aucune organisation créée.\n{rejected}") from None
        self.stdout.write(self.style.SUCCESS(f"{len(created)} organisations créées."))
