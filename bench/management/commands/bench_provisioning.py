"""Provisioning of a national installation, timed: 300 organisations created from a CSV file
(the `import_organisations` command), then the frameworks and the indicators catalogue loaded
(`load_frameworks`, `load_indicators`), in a database of its own.

    python manage.py bench_provisioning                    # 300 organisations
    python manage.py bench_provisioning --organisations 500

Like bench_indicators it never touches the database of DATABASE_URL: it works in a temporary
SQLite file or in a PostgreSQL database `<name>_bench_provisioning` it creates (migrations
included, timed apart) and drops at the end. Objective: under a minute for 300 organisations.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

OBJECTIVE_SECONDS = 60


DEPARTEMENTS = [
    *(f"{number:02d}" for number in range(1, 20)),
    "2A",
    "2B",
    *(f"{number:02d}" for number in range(21, 96)),
    *(str(number) for number in range(971, 977)),
]


def organisations_csv(count: int) -> str:
    """A prefecture per departement (up to 101), then sub-prefectures attached to them and DDI."""
    lines = ["code;nom;type;departement;parent"]
    prefectures = DEPARTEMENTS[: max(1, min(len(DEPARTEMENTS), count // 3))]
    for departement in prefectures:
        lines.append(
            f"pref-{departement.lower()};Préfecture {departement};prefecture;{departement};"
        )
    for index in range(count - len(prefectures)):
        departement = prefectures[index % len(prefectures)]
        if index % 3 == 2:
            lines.append(
                f"ddets-{departement.lower()}-{index};DDETS {departement};ddi;{departement};"
            )
        else:
            lines.append(
                f"spref-{departement.lower()}-{index};Sous-préfecture {index} ({departement});"
                f"sous-prefecture;{departement};pref-{departement.lower()}"
            )
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Banc d'essai de la mise en service : organisations depuis un CSV, référentiels, indicateurs."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=300)

    def handle(self, *args, **options):
        count = options["organisations"]
        if count < 1:
            raise CommandError("Il faut au moins une organisation.")
        original_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            bench_name = str(Path(tempfile.gettempdir()) / "qualipilote-bench-provisioning.sqlite3")
        else:
            bench_name = f"{original_name}_bench_provisioning"
        connection.settings_dict["TEST"]["NAME"] = bench_name
        started = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        migrations = time.perf_counter() - started
        figures = []
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "organisations.csv"
                path.write_text(organisations_csv(count), encoding="utf-8")
                for label, command, arguments in (
                    (
                        f"{count} organisations (import_organisations)",
                        "import_organisations",
                        [str(path)],
                    ),
                    ("référentiels (load_frameworks)", "load_frameworks", []),
                    ("indicateurs (load_indicators)", "load_indicators", []),
                ):
                    began = time.perf_counter()
                    call_command(command, *arguments, stdout=io.StringIO())
                    figures.append((label, time.perf_counter() - began))
            from qualipilote.organisations.models import Organisation

            created = Organisation.objects.count()
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        total = sum(seconds for _, seconds in figures)
        self.stdout.write(f"Mise en service sur {connection.vendor} (base {bench_name}) :")
        self.stdout.write(f"  migrations (base vide)                       {migrations:6.1f} s")
        for label, seconds in figures:
            self.stdout.write(f"  {label:<44} {seconds:6.1f} s")
        verdict = "objectif tenu" if total < OBJECTIVE_SECONDS else "OBJECTIF MANQUÉ"
        self.stdout.write(
            f"  total hors migrations                        {total:6.1f} s "
            f"({created} organisations ; objectif < {OBJECTIVE_SECONDS} s : {verdict})"
        )
        if created != count:
            raise CommandError(f"{created} organisations créées au lieu de {count}.")
