from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qualipilote.accounts.models import Title
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.services import invitation_url, invite_member


class Command(BaseCommand):
    help = (
        "Invite une personne dans une organisation (par exemple son premier référent qualité) : "
        "le lien part par courriel et s'affiche ici."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="code de l'organisation, ex. pref-74")
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--title", choices=[t for t in Title.values if t], default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--unit", help="code de l'unité")
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="adresse publique du site pour le lien (défaut : la variable SITE_URL)",
        )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation ne porte le code {options['organisation']}.")
        if not options["site_url"]:
            raise CommandError(
                "Donnez l'adresse publique du site pour le lien : --site-url "
                "https://qualipilote.exemple.gouv.fr, ou la variable SITE_URL."
            )
        unit = None
        if options["unit"]:
            unit = organisation.units.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(
                    f"Aucune unité de {organisation.code} n'a le code {options['unit']}."
                )
        try:
            invitation, token = invite_member(
                organisation,
                email=options["email"],
                role=options["role"],
                unit=unit,
                title=options["title"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                base_url=options["site_url"],
            )
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None

        self.stdout.write(
            self.style.SUCCESS(
                f"Invitation envoyée à {invitation.email} ({invitation.role_label}), valable "
                f"jusqu'au {invitation.expires_at:%d/%m/%Y} : "
                f"{invitation_url(options['site_url'], token)}"
            )
        )
