"""common.tables: one specification of a table's columns reads its files (CSV or XLSX) with French
errors by line and column, takes its bounds from the model, writes its templates and documents
its columns. Declared here as a new import would be: the units of an organisation."""

import csv
import io

import openpyxl
import pytest
from django.template.loader import render_to_string

from qualipilote.common.tables import TableColumn, TableSpec, lookup
from qualipilote.common.tabular import ImportRejected
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.organisations.models import Unit

UNITS = TableSpec(
    "Unités",
    (
        TableColumn(
            "code", "code", description="Code court de l'unité.", example="bae", required=True
        ),
        TableColumn("nom", "name", description="Nom de l'unité.", example="Bureau des étrangers"),
        TableColumn("effectif", "headcount", description="Nombre d'agents.", example="12"),
        TableColumn("rattachee_a", "parent", description="Code de l'unité parente.", example="dcl"),
    ),
    model=Unit,
)
PARENTS = {"dcl": "the DCL unit"}
LOOKUPS = {"parent": lookup(PARENTS, "aucune unité ne porte le code « {code} ».")}


def read(raw: bytes, filename="unites.csv", spec=UNITS):
    return spec.read_rows(raw, filename, lookups=LOOKUPS)


def errors_of(raw: bytes, filename="unites.csv", spec=UNITS) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        read(raw, filename, spec)
    return [str(error) for error in rejected.value.errors]


def test_rows_are_read_into_values_by_field():
    raw = "code;nom;effectif;rattachee_a\nbae;Bureau des étrangers;12;DCL\ncab;;;\n".encode()
    assert read(raw) == [
        (
            2,
            {
                "code": "bae",
                "name": "Bureau des étrangers",
                "headcount": 12,
                "parent": "the DCL unit",
            },
        ),
        (3, {"code": "cab", "name": "", "headcount": 0, "parent": None}),
    ]


def test_every_error_is_named_by_line_and_column_in_french():
    raw = (
        f"code;nom;effectif;rattachee_a\n;{'n' * 201};douze;xyz\nok;Nom;-1;\nok;Nom;3000000000;\n"
    ).encode()
    assert errors_of(raw) == [
        "Ligne 2, colonne « code » : valeur obligatoire.",
        "Ligne 2, colonne « nom » : 201 caractères, 200 au plus.",
        "Ligne 2, colonne « effectif » : « douze » n'est pas un nombre entier.",
        "Ligne 2, colonne « rattachee_a » : aucune unité ne porte le code « xyz ».",
        "Ligne 3, colonne « effectif » : « -1 » doit être supérieur ou égal à 0.",
        "Ligne 4, colonne « effectif » : « 3000000000 » doit être inférieur ou égal à "
        "2\u202f147\u202f483\u202f647.",
    ]


def test_a_required_column_missing_from_the_header_is_named():
    assert errors_of(b"nom;effectif\nBureau;3\n") == [
        "Ligne 1, colonne « code » : colonne absente de l'en-tête."
    ]


def test_a_workbook_is_read_the_same_way():
    book = openpyxl.Workbook()
    book.active.append(["code", "effectif"])
    book.active.append(["bae", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read(buffer.getvalue(), "unites.xlsx") == [
        (2, {"code": "bae", "name": "", "headcount": 12, "parent": None})
    ]


def test_folded_headers_are_recognised_whatever_their_accents_and_case():
    spec = TableSpec("Unités", UNITS.columns, model=Unit, fold_headers=True)
    rows = read(b"CODE;Nom;Effectif\nbae;Bureau;3\n", spec=spec)
    assert rows == [(2, {"code": "bae", "name": "Bureau", "headcount": 3, "parent": None})]


def test_a_decimal_column_gets_the_bounds_of_its_model_field():
    spec = TableSpec(
        "Chiffres",
        (TableColumn("numerateur", "numerator", required=True),),
        model=MonthlyMeasurement,
    )
    assert errors_of(b"numerateur\n1e15\n", spec=spec) == [
        "Ligne 2, colonne « numerateur » : « 1e15 » doit être inférieur à "
        "100\u202f000\u202f000\u202f000\u202f000 en valeur absolue."
    ]


def test_the_csv_template_has_the_header_and_an_example_row():
    response = UNITS.template_response("csv", "modele-unites")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["code", "nom", "effectif", "rattachee_a"],
        ["bae", "Bureau des étrangers", "12", "dcl"],
    ]
    assert response["Content-Disposition"] == 'attachment; filename="modele-unites.csv"'


def test_the_xlsx_template_explains_its_columns_and_reads_back():
    response = UNITS.template_response("xlsx", "modele-unites")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Unités", "Mode d'emploi"]
    assert list(book["Mode d'emploi"].iter_rows(values_only=True))[:2] == [
        ("colonne", "obligatoire", "contenu", "exemple"),
        ("code", "oui", "Code court de l'unité.", "bae"),
    ]
    assert read(response.content, "modele.xlsx")[0][1]["code"] == "bae"


def test_the_import_page_documents_the_columns_from_the_spec():
    html = render_to_string("common/_table_columns.html", {"columns": UNITS.columns})
    assert "<code>effectif</code>" in html
    assert "Nombre d&#x27;agents." in html
