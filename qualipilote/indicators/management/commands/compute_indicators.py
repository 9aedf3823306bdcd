from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qualipilote.indicators.periods import add_months, month_of, parse_month
from qualipilote.indicators.services import (
    refresh_measurements,
    refresh_measurements_in_batches,
)
from qualipilote.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Recalcule les mesures enregistrées des indicateurs calculés depuis les registres "
        "(vue nationale, preuves) ; les mois clôturés ne changent pas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", help="Premier mois (AAAA-MM) ; défaut : 24 mois."
        )
        parser.add_argument(
            "--to", dest="end", help="Dernier mois (AAAA-MM) ; défaut : ce mois-ci."
        )
        parser.add_argument("--organisation", help="Code d'une organisation ; défaut : toutes.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            end = parse_month(options["end"]) if options["end"] else month_of(today)
            start = parse_month(options["start"]) if options["start"] else add_months(end, -23)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if start > end:
            raise CommandError("Le premier mois doit précéder le dernier.")
        organisations = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(
                    f"Aucune organisation ne porte le code « {options['organisation']} »."
                )
            organisations = [organisation.pk]
        if organisations is None:
            written = refresh_measurements_in_batches(start=start, end=end, today=today)
        else:
            written = refresh_measurements(
                start=start, end=end, today=today, organisations=organisations
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Mesures recalculées de {start:%m/%Y} à {end:%m/%Y} : {written} ligne(s) écrite(s)."
            )
        )
