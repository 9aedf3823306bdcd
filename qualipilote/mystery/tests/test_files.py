"""The contractor's file (all or nothing, French errors naming line and column) and the XLSX
export of the tests and results (formula-safe)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.common.tabular import ImportRejected
from qualipilote.mystery.models import CriterionScore, TestContact
from qualipilote.mystery.tables import import_tests

from .factories import at, email_campaign, email_test

pytestmark = pytest.mark.django_db

HEADER = "date_envoi;heure_envoi;unite;date_reponse;objet;accuse_reception;signature_conforme;reponse_complete"


def csv(*lines: str) -> bytes:
    return ("\n".join((HEADER, *lines)) + "\n").encode()


@pytest.fixture
def campaign(organisation, lead):
    return email_campaign(organisation, lead, run_by="contractor", contractor="Cabinet Test")


def test_a_good_file_stores_every_test_with_its_computed_figures(campaign, lead, unit):
    raw = csv(
        "28/05/2019;09:30;cag;05/06/2019;Horaires;oui;oui;oui",
        "28/05/2019;14h15;;06/06/2019;Pièces;non;non;oui",
        "29/05/2019;10:00;cag;;Rendez-vous;non;;",
    )
    tests = import_tests(campaign, raw, "prestataire.csv", user=lead, today=dt.date(2019, 12, 1))
    assert len(tests) == 3
    stored = list(TestContact.objects.order_by("number"))
    assert [t.delay_working_days for t in stored] == [5, 6, None]
    assert [t.time_slot for t in stored] == ["morning", "afternoon", "morning"]
    assert stored[0].unit == unit and stored[1].unit is None
    within = dict(
        CriterionScore.objects.filter(criterion__code="reponse_5_jours").values_list(
            "test__number", "value"
        )
    )
    assert within == {1: "yes", 2: "no", 3: "na"}


@pytest.mark.parametrize(
    ("lines", "header", "expected"),
    [
        (
            ["28/05/2019;09:30;;29/05/2019;;oui;oui;oui"],
            HEADER + ";formule_politesse",
            "Ligne 1, colonne « formule_politesse » : critère inconnu de la grille",
        ),
        (
            [
                "28/05/2019;09:30;;29/05/2019;;oui;oui;oui",
                "01/07/2019;09:30;;02/07/2019;;oui;oui;oui",
            ],
            HEADER,
            "Ligne 3, colonne « date_envoi » : Le 01/07/2019 est hors de la période de l'enquête",
        ),
        (
            ["28/05/2019;09:30;;29/05/2019;;peut-être;oui;oui"],
            HEADER,
            "Ligne 2, colonne « accuse_reception » : « peut-être » n'est pas une note possible",
        ),
        (
            ["28/05/2019;09:30;inconnue;29/05/2019;;oui;oui;oui"],
            HEADER,
            "Ligne 2, colonne « unite » : aucune unité ne porte le code « inconnue »",
        ),
        (
            ["28/05/2019;9 heures;;29/05/2019;;oui;oui;oui"],
            HEADER,
            "Ligne 2, colonne « heure_envoi » : « 9 heures » n'est pas une heure",
        ),
        (
            ["28/05/2019;09:30;;27/05/2019;;oui;oui;oui"],
            HEADER,
            "Ligne 2, colonne « date_reponse » : La réponse (27/05/2019) ne peut pas précéder",
        ),
        (
            ["28/05/2019;09:30;;29/05/2019;;oui;;oui"],
            HEADER,
            "Ligne 2, colonne « signature_conforme » : Notez « Signature conforme »",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_with_line_and_column(
    campaign, lead, unit, lines, header, expected
):
    raw = ("\n".join((header, *lines)) + "\n").encode()
    with pytest.raises(ImportRejected) as rejected:
        import_tests(campaign, raw, "prestataire.csv", user=lead, today=dt.date(2019, 12, 1))
    messages = [str(error) for error in rejected.value.errors]
    assert any(message.startswith(expected) for message in messages), messages
    assert not TestContact.objects.exists() and not CriterionScore.objects.exists()


def test_an_xlsx_file_is_read_too(campaign, lead):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        [
            dt.datetime(2019, 5, 28),
            "09:30",
            "",
            dt.datetime(2019, 5, 29),
            "Horaires",
            "oui",
            "oui",
            "non",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    tests = import_tests(
        campaign, buffer.getvalue(), "prestataire.xlsx", user=lead, today=dt.date(2019, 12, 1)
    )
    assert tests[0].delay_working_days == 1


def test_the_import_page_shows_the_errors_and_stores_nothing(client, organisation, campaign, lead):
    client.force_login(lead)
    upload = SimpleUploadedFile(
        "prestataire.csv", csv("28/05/2019;09:30;;29/05/2019;<script>x</script>;oui;oui;bof")
    )
    response = client.post(
        f"/pref-74/enquetes-mystere/{campaign.pk}/tests/importer/", {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fichier refusé, rien n'a été importé" in page
    assert "colonne « reponse_complete »" in page
    assert not TestContact.objects.exists()
    template = client.get(f"/pref-74/enquetes-mystere/{campaign.pk}/tests/modele.xlsx")
    header = [
        c.value for c in next(openpyxl.load_workbook(io.BytesIO(template.content)).active.rows)
    ]
    assert header[:4] == ["date_envoi", "heure_envoi", "unite", "date_reponse"]
    assert "reponse_5_jours" not in header  # computed, never typed


def test_the_export_lists_tests_and_results_formula_safe(client, organisation, lead):
    campaign = email_campaign(organisation, lead)
    email_test(
        campaign, lead, at(dt.date(2019, 5, 28)), dt.date(2019, 6, 5), subject='=HYPERLINK("x")'
    )
    email_test(campaign, lead, at(dt.date(2019, 5, 28)), None, scores={"accuse_reception": "no"})
    client.force_login(lead)
    response = client.get(f"/pref-74/enquetes-mystere/{campaign.pk}/export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    tests = list(workbook["Tests"].values)
    assert tests[0][:7] == (
        "n°",
        "envoyé ou appelé le",
        "créneau",
        "unité",
        "objet",
        "réponse reçue le",
        "délai (jours ouvrés)",
    )
    assert tests[1][4] == '=HYPERLINK("x")' and workbook["Tests"]["E2"].data_type == "s"
    assert tests[1][6] == 5
    results = {row[0]: row[1:] for row in list(workbook["Résultats"].values)[1:]}
    assert results["Accusé de réception reçu"][:3] == (1, 2, 50)
    assert results["Réponse dans les 5 jours ouvrés"][:3] == (1, 1, 100)
