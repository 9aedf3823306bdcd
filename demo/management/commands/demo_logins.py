from django.core.management.base import BaseCommand

from demo.organisations import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Affiche les identifiants de démonstration."

    def handle(self, *args, **options):
        self.stdout.write("\nQualipilote : http://127.0.0.1:8000/")
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :")
        for username, description in demo_logins():
            self.stdout.write(f"  {username:<22} {description}")
        self.stdout.write("")
