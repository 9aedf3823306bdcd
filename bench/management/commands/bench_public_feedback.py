"""Floods the public feedback form with simultaneous citizens through a real HTTP server on
loopback, then counts accepted, refused, failed, stored and lost messages (bench.public_feedback).
Works in a scratch organisation of the configured database, removed at the end.

    python manage.py bench_public_feedback --clients 200 --server-threads 16

The form's rate limit (one bucket per client address) is lifted for the run: every client
posts from 127.0.0.1. Not a test: the figures depend on the machine and the database.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from huey.contrib.djhuey import HUEY

from bench.public_feedback import flood


class Command(BaseCommand):
    help = (
        "Envoie le formulaire public d'avis depuis de nombreux clients simultanés (serveur HTTP "
        "réel sur 127.0.0.1) et compte les messages acceptés, refusés, enregistrés et perdus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=200, help="Citoyens simultanés.")
        parser.add_argument(
            "--server-threads",
            type=int,
            default=16,
            help="Fils du serveur (autant de connexions à la base au plus).",
        )
        parser.add_argument("--timeout", type=float, default=120, help="Secondes par requête.")

    def handle(self, *args, clients, server_threads, timeout, **options):
        if not 1 <= clients <= 1000:
            raise CommandError("--clients : entre 1 et 1000.")
        if not 1 <= server_threads <= 64:
            raise CommandError("--server-threads : entre 1 et 64.")
        self.stdout.write(
            "Limite de débit du formulaire levée pour la mesure : tous les clients partagent "
            "l'adresse 127.0.0.1 (PUBLIC_FEEDBACK_RATE_LIMIT relevée, RATELIMIT_ENABLE=False)."
        )
        self.stdout.write(
            "Tâches Huey (mise à jour des indicateurs) : "
            + (
                "exécutées dans la requête (HUEY_IMMEDIATE)."
                if HUEY.immediate
                else "mises en file (le consommateur Huey les exécute)."
            )
        )
        figures = flood(clients=clients, server_threads=server_threads, timeout=timeout)
        for line in figures.lines():
            self.stdout.write(line)
