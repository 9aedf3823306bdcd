from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualipilote.indicators.catalogue import CATALOGUE_PATH, CatalogueError, load_catalogue


class Command(BaseCommand):
    help = (
        "Charge ou met à jour le catalogue des indicateurs (data/indicators.yaml) ; "
        "peut être relancé sans doublon. Un fichier erroné ne charge rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=CATALOGUE_PATH, help="Autre fichier de catalogue (YAML)."
        )

    def handle(self, *args, **options):
        try:
            report = load_catalogue(options["file"])
        except CatalogueError as error:
            raise CommandError(f"Catalogue refusé, rien n'a été chargé. {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue des indicateurs : {report.created} créé(s), "
                f"{report.updated} mis à jour, {report.unchanged} inchangé(s)."
            )
        )
