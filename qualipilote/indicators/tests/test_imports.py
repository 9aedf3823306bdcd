"""Imports of the figures that live elsewhere: all or nothing, every error named with its line
and column in French, Windows-1252 CSV from Excel and XLSX both read."""

import datetime as dt
import html
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualipilote.common.tabular import ImportRejected
from qualipilote.indicators.imports import IMPORT_FORMATS, import_figures
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.organisations.tests.factories import UnitFactory

from .factories import MonthClosureFactory

D = dt.date
TODAY = D(2024, 3, 15)
PHONE = "mois;unite;ligne;appels_recus;appels_aboutis;source"


def csv_bytes(*lines, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def run(organisation, slug, raw, filename="fichier.csv"):
    return import_figures(organisation, IMPORT_FORMATS[slug], raw, filename, user=None, today=TODAY)


def errors_of(organisation, slug, raw, filename="fichier.csv"):
    with pytest.raises(ImportRejected) as rejected:
        run(organisation, slug, raw, filename)
    return [str(error) for error in rejected.value.errors]


def organisation_figure(organisation, code, month):
    m = MonthlyMeasurement.objects.organisation_level().get(
        organisation=organisation, indicator__code=code, month=month
    )
    return m.numerator, m.denominator, m.source, m.source_detail


def test_telephony_per_bureau_gives_the_organisation_total_as_a_ratio_of_sums(
    catalogue, organisation
):
    UnitFactory(organisation=organisation, code="base", name="Bureau des étrangers")
    raw = csv_bytes(
        PHONE,
        "2024-01;base;;1000;700;Autocommutateur",
        "2024-01;;Standard;4000;3900;Autocommutateur",
        "2024-02;;;5000;4650;Autocommutateur",
    )

    report = run(organisation, "telephonie", raw)

    assert (report.measurements, report.months) == (4, ["2024-01", "2024-02"])
    january = organisation_figure(organisation, "phone_answer_rate", D(2024, 1, 1))
    assert january[:2] == (Decimal(4600), Decimal(5000))  # 92 %, not the mean of 70 % and 97.5 %
    assert january[3] == "Somme des 2 lignes ou unités du fichier fichier.csv"
    assert organisation_figure(organisation, "phone_answer_rate", D(2024, 2, 1)) == (
        Decimal(4650),
        Decimal(5000),
        "imported",
        "Autocommutateur",
    )
    per_unit = MonthlyMeasurement.objects.get(unit__code="base")
    assert (per_unit.numerator, per_unit.denominator, per_unit.value) == (700, 1000, 70)


def test_one_bad_row_among_many_saves_nothing_and_every_error_is_named(catalogue, organisation):
    good = [f"2023-{month:02d};;;1000;900;" for month in range(1, 13)]
    raw = csv_bytes(
        PHONE,
        *good,
        "2024-01;;;1000;1200;",
        "2024-02;inconnu;;1000;900;",
        "janvier;;;1000;900;",
        "2024-04;;;1000;900;",
        "2023-01;;;1000;900;",
        "2024-02;;;mille;900;",
    )

    errors = errors_of(organisation, "telephonie", raw)

    assert errors == [
        "Ligne 14, colonne « appels_aboutis » : le numérateur ne peut pas dépasser le dénominateur.",
        "Ligne 15, colonne « unite » : aucune unité ne porte le code « inconnu ».",
        "Ligne 16, colonne « mois » : « janvier » n'est pas un mois (attendu AAAA-MM, par exemple 2019-01).",
        "Ligne 17, colonne « mois » : le mois ne peut pas être dans le futur.",
        "Ligne 18, colonne « mois » : ce mois figure déjà ligne 2.",
        "Ligne 19, colonne « appels_recus » : « mille » n'est pas un nombre.",
    ]
    assert not MonthlyMeasurement.objects.exists()


def test_a_windows_1252_csv_from_excel_keeps_its_accents(catalogue, organisation):
    raw = csv_bytes(
        "mois;usagers;reponses_satisfaites;reponses;source",
        "01/2024;223;;;Comptage de l'accueil numérique",
        "02/2024;196;24;25;Enquête février",
        encoding="cp1252",
    )

    run(organisation, "point-numerique", raw, "export-excel.csv")

    assert organisation_figure(organisation, "digital_point_visitors", D(2024, 1, 1))[3] == (
        "Comptage de l'accueil numérique"
    )
    assert organisation_figure(organisation, "digital_point_satisfaction_rate", D(2024, 2, 1))[
        :2
    ] == (
        24,
        25,
    )
    # No survey in January: no figure (no data), not 0 %.
    assert not MonthlyMeasurement.objects.filter(
        indicator__code="digital_point_satisfaction_rate", month=D(2024, 1, 1)
    ).exists()


def test_an_xlsx_file_is_imported_and_importing_it_again_changes_nothing(catalogue, organisation):
    workbook = openpyxl.Workbook()
    workbook.active.append(["mois", "engagements", "impressions", "source"])
    workbook.active.append([dt.datetime(2024, 1, 1), 215, 10000, "Statistiques"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    run(organisation, "reseaux-sociaux", buffer.getvalue(), "social.xlsx")
    run(organisation, "reseaux-sociaux", buffer.getvalue(), "social.xlsx")

    assert MonthlyMeasurement.objects.count() == 1
    assert MonthlyMeasurement.objects.get().value == Decimal("2.15")


def test_a_closed_month_is_refused(catalogue, organisation):
    MonthClosureFactory(organisation=organisation, month=D(2024, 1, 1))
    raw = csv_bytes("mois;visites_site_etat;visites_totales", "2024-01;8830;100000")

    assert errors_of(organisation, "site-internet", raw) == [
        "Ligne 2, colonne « mois » : le mois de janvier 2024 est clôturé : rouvrez-le pour "
        "modifier ses chiffres."
    ]


def test_a_missing_column_is_named(catalogue, organisation):
    raw = csv_bytes("mois;visites_site_etat", "2024-01;8830")
    assert errors_of(organisation, "site-internet", raw) == [
        "Ligne 1, colonne « visites_totales » : colonne absente de l'en-tête."
    ]


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_the_import_page_lists_the_errors_and_saves_nothing(
    catalogue, organisation, quality_lead_client, frozen_today
):
    path = reverse("indicators:import", kwargs={"org_code": "pref-74", "slug": "site-internet"})
    bad = SimpleUploadedFile(
        "audience.csv", csv_bytes("mois;visites_site_etat;visites_totales", "2024-01;8830;0")
    )
    good = SimpleUploadedFile(
        "audience.csv", csv_bytes("mois;visites_site_etat;visites_totales", "2024-01;8830;100000")
    )

    refused = html.unescape(quality_lead_client.post(path, {"file": bad}).content.decode())
    accepted = quality_lead_client.post(path, {"file": good}, follow=True)

    assert "Fichier refusé : rien n'a été importé" in refused
    assert "le dénominateur doit être supérieur à 0 (sinon : pas de données)." in refused
    assert "1 chiffre(s) importé(s) pour 1 mois." in accepted.content.decode()
    assert MonthlyMeasurement.objects.get().value == Decimal("8.83")


def test_the_template_of_a_format_lists_its_columns(catalogue, organisation, quality_lead_client):
    path = reverse(
        "indicators:import_template", kwargs={"org_code": "pref-74", "slug": "telephonie"}
    )
    content = b"".join(quality_lead_client.get(path).streaming_content).decode()
    assert content.startswith("\ufeffmois;unite;ligne;appels_recus;appels_aboutis;source")


@pytest.mark.parametrize("figure", ["nan", "inf", "-Infinity", "1e15", "1e400"])
def test_a_figure_that_is_not_a_finite_number_within_its_column_is_named(
    catalogue, organisation, figure
):
    raw = csv_bytes("mois;visites_site_etat;visites_totales", f"2024-01;{figure};100000")
    [error] = errors_of(organisation, "site-internet", raw)
    assert error.startswith(f"Ligne 2, colonne « visites_site_etat » : « {figure} » ")
    assert "nombre" in error or "inférieur à 100\u202f000\u202f000\u202f000\u202f000" in error
    assert not MonthlyMeasurement.objects.exists()


def test_an_xlsx_figure_too_large_for_its_column_is_named(catalogue, organisation):
    workbook = openpyxl.Workbook()
    workbook.active.append(["mois", "usagers", "reponses_satisfaites", "reponses"])
    workbook.active.append(["2024-01", 1e15])
    buffer = io.BytesIO()
    workbook.save(buffer)
    [error] = errors_of(organisation, "point-numerique", buffer.getvalue(), "points.xlsx")
    assert error.startswith("Ligne 2, colonne « usagers » : ")
    assert "inférieur à 1\u202f000\u202f000\u202f000\u202f000 en valeur absolue" in error
    assert not MonthlyMeasurement.objects.exists()


def test_decimals_are_imported_exactly(catalogue, organisation):
    raw = csv_bytes("mois;visites_site_etat;visites_totales", "2024-01;0,1;0,3")
    run(organisation, "site-internet", raw)
    assert organisation_figure(organisation, "website_visit_share", D(2024, 1, 1))[:2] == (
        Decimal("0.1"),
        Decimal("0.3"),
    )


def test_the_xlsx_template_reads_back_and_explains_its_columns(
    catalogue, organisation, quality_lead_client
):
    from qualipilote.common.tabular import read_table

    path = reverse(
        "indicators:import_template_xlsx", kwargs={"org_code": "pref-74", "slug": "telephonie"}
    )
    content = quality_lead_client.get(path).content
    headers = ["mois", "unite", "ligne", "appels_recus", "appels_aboutis", "source"]
    assert read_table(content, "modele.xlsx").header == headers
    help_sheet = openpyxl.load_workbook(io.BytesIO(content))["Mode d'emploi"]
    assert [row[0] for row in help_sheet.iter_rows(min_row=2, values_only=True)] == headers
