"""Times the import of a generated correspondence register (CSV and XLSX) into a scratch
organisation, then deletes it. Not a test: figures depend on the machine.

    python manage.py bench_register_import --rows 100000
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time

import openpyxl
from django.core.management.base import BaseCommand
from django.db import transaction

from qualipilote.organisations.enums import UnitKind
from qualipilote.organisations.models import Organisation, Unit
from qualipilote.organisations.services import create_organisation
from qualipilote.registers.imports import import_register
from qualipilote.registers.models import Correspondence

SCRATCH_CODE = "bench-import"
HEADER = [
    "recu_le",
    "canal",
    "unite",
    "perimetre",
    "semaine_echantillon",
    "accuse_reception_le",
    "repondu_le",
    "signature_conforme",
]
TODAY = dt.date(2025, 12, 31)


def generated_rows(count: int, unit_codes: list[str], seed: int = 42) -> list[list[str]]:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    rows = []
    for _ in range(count):
        received = start + dt.timedelta(days=rng.randrange(700))
        answered = received + dt.timedelta(days=rng.randrange(25)) if rng.random() < 0.9 else None
        rows.append(
            [
                received.strftime("%d/%m/%Y"),
                rng.choice(["courriel", "courrier"]),
                rng.choice(unit_codes),
                rng.choice(["oui", "non"]),
                "non",
                received.strftime("%d/%m/%Y"),
                answered.strftime("%d/%m/%Y") if answered and answered <= TODAY else "",
                rng.choice(["oui", "non", ""]),
            ]
        )
    return rows


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Courriers")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Mesure la vitesse d'import d'un registre (CSV et XLSX) dans une organisation jetable."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, rows, **options):
        organisation = self._scratch_organisation()
        try:
            units = [u.code for u in organisation.units.all()]
            data = generated_rows(rows, units)
            for label, filename, raw in (
                ("CSV", "bench.csv", csv_bytes(data)),
                ("XLSX", "bench.xlsx", xlsx_file_bytes(data)),
            ):
                started, cpu_started = time.perf_counter(), time.process_time()
                count = import_register(organisation, "correspondence", raw, filename, today=TODAY)
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                # CPU time of this process: what the import costs even on a busy machine.
                self.stdout.write(
                    f"{label} : {count} lignes importées en {elapsed:.1f} s, dont {cpu:.1f} s "
                    f"de processeur ({count / elapsed:,.0f} lignes/s, fichier de "
                    f"{len(raw) / 1e6:.1f} Mo)"
                )
                self._delete_records(organisation)
        finally:
            self._clean_up(organisation)

    def _scratch_organisation(self) -> Organisation:
        self._clean_up(Organisation.objects.filter(code=SCRATCH_CODE).first())
        organisation = create_organisation(
            code=SCRATCH_CODE,
            name="Organisation de mesure (jetable)",
            kind="prefecture",
            departement="74",
        )
        Unit.objects.bulk_create(
            Unit(organisation=organisation, code=f"u{n}", name=f"Unité {n}", kind=UnitKind.BUREAU)
            for n in range(20)
        )
        return organisation

    @staticmethod
    def _clean_up(organisation) -> None:
        if organisation is None:
            return
        with transaction.atomic():
            Command._delete_records(organisation)
            organisation.delete()

    @staticmethod
    def _delete_records(organisation) -> None:
        # A plain delete() would write a "-" history row per record (simple_history's signal):
        # scratch rows are removed without a trace, in bulk.
        for queryset in (
            Correspondence.history.filter(organisation_id=organisation.pk),
            Correspondence.objects.filter(organisation=organisation),
        ):
            queryset._raw_delete(queryset.db)
