"""Speed of the annual quality review's PDF, in a database of its own (issue 13, item 5).

    python manage.py bench_annual_review                  # demo + 300 organisations, 200,000 rows
    python manage.py bench_annual_review --rows 2000000   # a larger national data set
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python manage.py bench_annual_review

Two measures, each the time to collect every app's sections and lay out the PDF, with the number
of SQL queries: the demo's Haute-Savoie 2019 (load_frameworks, load_indicators, load_demo), and
the busiest prefecture of the national benchmark data set (bench/indicators/data.py) for its last
full year. Target: under 5 seconds each. The DOCX is timed too, for information. Like
bench_indicators, it never touches the database of DATABASE_URL: it creates one beside it and
drops it at the end.
"""

from __future__ import annotations

import contextlib
import io
import random
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.indicators.data import (
    Plan,
    create_organisations,
    generate_entered_figures,
    generate_registers,
)
from qualipilote.organisations.enums import OrganisationKind
from qualipilote.organisations.models import Organisation
from qualipilote.registers.models import Feedback
from qualipilote.review.content import build_content
from qualipilote.review.render import review_docx, review_pdf

TARGET_SECONDS = 5.0


class Command(BaseCommand):
    help = "Banc d'essai du bilan annuel : durée et requêtes du PDF (démo et jeu national)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=300)
        parser.add_argument("--rows", type=int, default=200_000)
        parser.add_argument("--months", type=int, default=24)

    def handle(self, *args, **options):
        original_name = connection.settings_dict["NAME"]
        bench_name = (
            str(Path(tempfile.gettempdir()) / "qualipilote-bench-review.sqlite3")
            if connection.vendor == "sqlite"
            else f"{original_name}_bench_review"
        )
        connection.settings_dict["TEST"]["NAME"] = bench_name
        with contextlib.redirect_stderr(io.StringIO()):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            self._run(options)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)

    def _run(self, options) -> None:
        quiet = io.StringIO()
        for command in ("load_frameworks", "load_indicators"):
            call_command(command, stdout=quiet)
        call_command("load_demo", force_outside_development=True, stdout=quiet)
        self.stdout.write(f"Banc d'essai du bilan annuel : {connection.vendor}.")
        self._warm_up()
        self._measure(Organisation.objects.get(code="pref-74"), 2019, "Démo, Haute-Savoie 2019")

        today = timezone.localdate()
        plan = Plan(
            organisations=options["organisations"],
            rows=options["rows"],
            months=options["months"],
            today=today,
        )
        started = time.perf_counter()
        profiles = create_organisations(plan, random.Random(plan.seed))
        rng = random.Random(plan.seed)
        rows = generate_registers(plan, profiles, rng)
        generate_entered_figures(plan, profiles, rng)
        self.stdout.write(
            f"Jeu national : {plan.organisations} organisations, {rows} lignes de registres sur "
            f"{plan.months} mois, généré en {time.perf_counter() - started:.0f} s."
        )
        year = today.year - 1
        busiest = (
            Organisation.objects.filter(kind=OrganisationKind.PREFECTURE, code__startswith="bench-")
            .annotate(
                records=Count("feedback"),
            )
            .order_by("-records", "code")
            .first()
        )
        feedback = Feedback.objects.filter(organisation=busiest, received_on__year=year).count()
        self._measure(
            busiest, year, f"Jeu national, {busiest.code} {year} ({feedback} réclamations)"
        )

    def _warm_up(self) -> None:
        """Imports WeasyPrint and python-docx and lays out a small document once, untimed: the
        worker that generates reviews has done so already (importing WeasyPrint alone takes
        seconds when Python writes no bytecode cache)."""
        started = time.perf_counter()
        empty = build_content(Organisation.objects.get(code="pref-73"), 2000)
        review_pdf(empty)
        review_docx(empty)
        self.stdout.write(
            f"Mise en route (imports, non comptée) : {time.perf_counter() - started:.2f} s."
        )

    def _measure(self, organisation, year: int, label: str) -> None:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            content = build_content(organisation, year, foreword="Banc d'essai.")
            collected = time.perf_counter() - started
            pdf = review_pdf(content)
            pdf_seconds = time.perf_counter() - started
        started = time.perf_counter()
        docx = review_docx(content)
        docx_seconds = time.perf_counter() - started
        verdict = "objectif tenu" if pdf_seconds < TARGET_SECONDS else "OBJECTIF MANQUÉ"
        self.stdout.write(
            f"{label} : PDF en {pdf_seconds:.2f} s (dont données {collected:.2f} s), "
            f"{len(queries.captured_queries)} requêtes, {len(pdf) // 1024} Kio — {verdict} "
            f"(< {TARGET_SECONDS:.0f} s) ; DOCX en {docx_seconds:.2f} s, {len(docx) // 1024} Kio."
        )
