"""National-scale benchmark of the indicators, in a database of its own.

    python manage.py bench_indicators            # 300 organisations, 10 million rows, 36 months
    python manage.py bench_indicators --quick    # 300 organisations, 200,000 rows
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python manage.py bench_indicators

The benchmark never touches the database of DATABASE_URL: on SQLite it works in a temporary
file, on PostgreSQL in a database `<name>_bench_<organisations>x<rows>` it creates next to it
(Django's test-database machinery, migrations included), and drops it at the end unless --keep. --reuse measures again
on a database kept by an earlier --keep run, without generating anything.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
import warnings
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench.indicators.data import Plan
from bench.indicators.run import Benchmark, grouped

FULL_ROWS = 10_000_000
QUICK_ROWS = 200_000


class Command(BaseCommand):
    help = "Banc d'essai des indicateurs à l'échelle nationale (base de données à part)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick", action="store_true", help=f"{QUICK_ROWS:,} lignes au lieu de {FULL_ROWS:,}."
        )
        parser.add_argument("--organisations", type=int, default=300)
        parser.add_argument("--rows", type=int, help="Lignes de registres à générer.")
        parser.add_argument("--months", type=int, default=36)
        parser.add_argument("--requests", type=int, default=50, help="Requêtes par page mesurée.")
        parser.add_argument("--repeat", type=int, default=3, help="Passages du calcul mesurés.")
        parser.add_argument("--keep", action="store_true", help="Garde la base du banc.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Mesure sur la base gardée par un --keep précédent.",
        )

    def handle(self, *args, **options):
        # The test client starts whitenoise, which warns that collectstatic has not run.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        rows = options["rows"] or (QUICK_ROWS if options["quick"] else FULL_ROWS)
        if options["organisations"] < 1 or rows < options["organisations"]:
            raise CommandError("Il faut au moins une organisation et une ligne par organisation.")
        plan = Plan(
            organisations=options["organisations"],
            rows=rows,
            months=options["months"],
            today=timezone.localdate(),
        )
        benchmark = Benchmark(
            plan, repeat=options["repeat"], requests=options["requests"], write=self.stdout.write
        )
        original_name = connection.settings_dict["NAME"]
        bench_name = self._bench_database_name(original_name, plan)
        started = time.perf_counter()
        connection.settings_dict["TEST"]["NAME"] = bench_name
        # Django tells on stderr that it drops an earlier bench database: expected, not an error.
        with contextlib.redirect_stderr(io.StringIO()):
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False, keepdb=options["reuse"]
            )
        try:
            self.stdout.write(
                f"Banc d'essai des indicateurs : {connection.vendor} ({self._server_version()}), "
                f"base {bench_name}, {plan.organisations} organisations, {grouped(plan.rows)} lignes "
                f"sur {plan.months} mois, aujourd'hui {plan.today:%d/%m/%Y}."
            )
            self._run(benchmark, reuse=options["reuse"])
        finally:
            if options["keep"]:
                connection.close()
                connection.settings_dict["NAME"] = original_name
                self.stdout.write(
                    f"Base du banc gardée : {bench_name} (--reuse pour la reprendre)."
                )
            else:
                connection.creation.destroy_test_db(original_name, verbosity=0)
        self.stdout.write(f"Durée totale : {time.perf_counter() - started:.0f} s.")

    def _run(self, benchmark: Benchmark, *, reuse: bool) -> None:
        if reuse and benchmark.has_data():
            self.stdout.write("Données reprises de la base gardée.")
        elif reuse:
            raise CommandError(
                "--reuse : la base gardée n'a pas ces données ; relancez sans --reuse."
            )
        else:
            benchmark.generate()
        benchmark.describe()
        benchmark.computation()
        benchmark.refresh()
        benchmark.pages()
        benchmark.record_save()
        self.stdout.write("")
        self.stdout.write(benchmark.report.table())

    @staticmethod
    def _bench_database_name(name, plan: Plan) -> str:
        """One database per size, so that a quick run never drops a kept national one."""
        size = f"{plan.organisations}x{plan.rows}"
        if connection.vendor == "sqlite":
            return str(Path(tempfile.gettempdir()) / f"qualipilote-bench-{size}.sqlite3")
        return f"{name}_bench_{size}"

    @staticmethod
    def _server_version() -> str:
        if connection.vendor == "postgresql":
            version = connection.pg_version
            return f"PostgreSQL {version // 10000}.{version % 100}"
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
