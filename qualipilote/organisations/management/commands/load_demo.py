from django.apps import apps
from django.core.management.base import BaseCommand

from qualipilote.organisations.demo import load_organisations_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (Haute-Savoie, Savoie) ; peut être relancé sans doublon."

    def handle(self, *args, **options):
        organisations = load_organisations_demo()
        # Each app may add its own demo data (self-assessments, registers, figures…) by
        # defining `load_demo(organisations)` on its AppConfig; they run in INSTALLED_APPS order.
        for config in apps.get_app_configs():
            loader = getattr(config, "load_demo", None)
            if loader is not None:
                loader(organisations)
                self.stdout.write(f"Démonstration : {config.verbose_name} chargé.")
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
