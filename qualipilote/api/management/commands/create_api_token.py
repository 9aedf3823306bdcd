from django.core.management.base import BaseCommand, CommandError

from qualipilote.api.models import ApiToken
from qualipilote.organisations.models import Organisation


class Command(BaseCommand):
    help = "Crée un jeton d'API pour une organisation et l'affiche (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("org_code", help="Code de l'organisation, ex. pref-74")
        parser.add_argument("--name", default="Jeton créé en ligne de commande")

    def handle(self, *args, org_code, name, **options):
        organisation = Organisation.objects.filter(code=org_code).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation ne porte le code « {org_code} ».")
        _token, raw = ApiToken.issue(organisation, name)
        self.stderr.write(
            f"Jeton « {name} » créé pour {organisation.name_with_article}. Il ne sera plus affiché :"
        )
        self.stdout.write(raw)
