import os

from django.core.management.base import BaseCommand

from demo.organisations import DEMO_PASSWORD, demo_logins

# Addresses a server listens on that no browser can open: show the machine's own name instead.
ANY_ADDRESS = {"0.0.0.0", "::", ""}


def browsable_url(host: str, port: str) -> str:
    if host in ANY_ADDRESS:
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = "Affiche l'adresse du serveur de développement et les identifiants de démonstration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST") or "127.0.0.1",
            help="Adresse du serveur (celle de make run, variable HOST ; 127.0.0.1 par défaut).",
        )
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT") or "8000",
            help="Port du serveur (celui de make run, variable PORT ; 8000 par défaut).",
        )

    def handle(self, *args, host, port, **options):
        self.stdout.write(f"\nQualipilote : {browsable_url(host, port)}")
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :")
        for username, description in demo_logins():
            self.stdout.write(f"  {username:<22} {description}")
        self.stdout.write("")
