"""Many people answer a survey at once through a real HTTP server on loopback; some send the
same form twice at once. Counts accepted, stored, lost and counted-twice answers
(bench.survey_soak). Works in a scratch organisation, removed at the end.

    python manage.py bench_survey_soak --clients 200 --server-threads 16

Not a test: the figures depend on the machine and the database.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from bench.survey_soak import soak


class Command(BaseCommand):
    help = (
        "Fait répondre de nombreux clients simultanés à une enquête (serveur HTTP réel sur "
        "127.0.0.1) et compte les réponses acceptées, enregistrées, perdues et comptées deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=200, help="Répondants simultanés.")
        parser.add_argument("--server-threads", type=int, default=16, help="Fils du serveur.")
        parser.add_argument(
            "--double-every",
            type=int,
            default=10,
            help="Un répondant sur N envoie deux fois le même formulaire au même instant (0 : aucun).",
        )
        parser.add_argument("--timeout", type=float, default=120, help="Secondes par requête.")

    def handle(self, *args, clients, server_threads, double_every, timeout, **options):
        if not 1 <= clients <= 1000:
            raise CommandError("--clients : entre 1 et 1000.")
        if not 1 <= server_threads <= 64:
            raise CommandError("--server-threads : entre 1 et 64.")
        if double_every < 0:
            raise CommandError("--double-every : 0 ou plus.")
        self.stdout.write(
            "Limite de débit des enquêtes levée pour la mesure : tous les clients partagent "
            "l'adresse 127.0.0.1."
        )
        figures = soak(
            clients=clients,
            server_threads=server_threads,
            double_every=double_every,
            timeout=timeout,
        )
        for line in figures.lines():
            self.stdout.write(line)
