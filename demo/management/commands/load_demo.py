from django.core.management.base import BaseCommand

from demo import assessments, indicators, organisations, registers

# Each domain's demo, in dependency order: organisations first, indicators last (they are
# computed from the registers).
DOMAIN_LOADERS = [
    ("Auto-diagnostic", assessments.load_demo),
    ("Registres", registers.load_demo),
    ("Indicateurs", indicators.load_demo),
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (Haute-Savoie, Savoie) ; peut être relancé sans doublon."

    def handle(self, *args, **options):
        loaded = organisations.load_organisations_demo()
        for label, loader in DOMAIN_LOADERS:
            loader(loaded)
            self.stdout.write(f"Démonstration : {label} chargé.")
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
