"""Times the refusal of spreadsheets built to exhaust the server, at full size: a shared string
of 300 MiB (a few hundred kB on the wire), two million rows declared and held, two million rows
held without a declared dimension, a single row numbered 2,000,000. Prints the time of each
refusal and the peak of memory allocated while refusing (tracemalloc, measured in a second run
so that it does not slow the timed one). Not a test: figures depend on the machine.

    python manage.py bench_hostile_files
"""

from __future__ import annotations

import time
import tracemalloc

from django.core.management.base import BaseCommand

from qualipilote.common.tabular import ImportRejected, read_table
from qualipilote.common.tests import hostile_files

CASES = {
    "chaîne partagée de 300 Mio": lambda: hostile_files.huge_shared_string(300),
    "2 000 000 de lignes déclarées": lambda: hostile_files.sheet_with_rows(
        2_000_000, declared=2_000_001
    ),
    "2 000 000 de lignes non déclarées": lambda: hostile_files.sheet_with_rows(2_000_000),
    "une ligne numérotée 2 000 000": lambda: hostile_files.sheet_with_far_row(2_000_000),
}


def refusal(raw: bytes) -> str:
    try:
        table = read_table(raw, "piege.xlsx")
    except ImportRejected as rejected:
        return str(rejected.errors[0])
    return f"ACCEPTÉ ({len(table.rows)} lignes)"


class Command(BaseCommand):
    help = "Mesure le refus des classeurs piégés (bombes zip, millions de lignes)."

    def handle(self, *args, **options):
        for label, build in CASES.items():
            raw = build()
            started = time.perf_counter()
            outcome = refusal(raw)
            elapsed = time.perf_counter() - started
            tracemalloc.start()
            refusal(raw)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.stdout.write(
                f"{label} (fichier de {len(raw) / 1e6:.1f} Mo) : {elapsed * 1000:.0f} ms, "
                f"pic de mémoire {peak / 2**20:.1f} Mio — {outcome}"
            )
