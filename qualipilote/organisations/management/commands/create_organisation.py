from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qualipilote.organisations.enums import OrganisationKind
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.services import create_organisation


class Command(BaseCommand):
    help = "Crée une organisation avec les réglages par défaut (règles de délai, calendrier…)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="code stable, ex. pref-57")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--departement", required=True)
        parser.add_argument("--parent", help="code de l'organisation de rattachement")

    def handle(self, *args, **options):
        parent = None
        if options["parent"]:
            parent = Organisation.objects.filter(code=options["parent"]).first()
            if parent is None:
                raise CommandError(f"Organisation de rattachement inconnue : {options['parent']}")
        if Organisation.objects.filter(code=options["code"]).exists():
            raise CommandError(f"Une organisation porte déjà le code {options['code']}.")
        try:
            organisation = create_organisation(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                departement=options["departement"],
                parent=parent,
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field} : {' '.join(msgs)}" for field, msgs in error.message_dict.items()
                )
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"Organisation créée : {organisation.code} — {organisation.name}")
        )
