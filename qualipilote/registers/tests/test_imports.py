"""Imports of the registers: every row checked, every error named by line and column in French,
all or nothing, computed deadlines, CSV from Excel (Windows-1252) and real XLSX only."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.imports import import_register
from qualipilote.registers.models import Correspondence, Feedback, UpdateRequest

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
CORRESPONDENCE_HEADER = "recu_le;canal;unite;perimetre;semaine_echantillon;accuse_reception_le;repondu_le;signature_conforme"


def csv_file(*lines: str, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_file(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(organisation, register, raw, filename="registre.csv"):
    with pytest.raises(ImportRejected) as rejected:
        import_register(organisation, register, raw, filename, today=TODAY)
    return [str(error) for error in rejected.value.errors]


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, code="bae", name="Bureau des étrangers")


def test_good_correspondence_file_is_imported_with_computed_deadlines(organisation, unit):
    raw = csv_file(
        CORRESPONDENCE_HEADER,
        "23/02/2026;courriel;bae;oui;oui;23/02/2026;25/02/2026;oui",
        "2026-02-16;Courrier;;non;;;;",
    )
    assert import_register(organisation, "correspondence", raw, "r.csv", today=TODAY) == 2
    email = Correspondence.objects.get(channel="email")
    assert email.unit == unit
    assert email.sampled is None  # the column is ignored; no sampling plan: every record counts
    assert email.due_on == dt.date(2026, 3, 2)
    assert email.working_days_taken == 2
    assert email.on_time is True
    assert email.acknowledgement_mode == "manual"
    assert email.signature_compliant is True
    letter = Correspondence.objects.get(channel="letter")
    assert letter.in_scope is False
    assert letter.unit is None
    assert letter.due_on == dt.date(2026, 3, 2)  # 10 working days for letters since 2020
    assert letter.on_time is None
    assert letter.history.count() == 1  # traceable


def test_letters_before_2020_keep_their_15_days(organisation):
    raw = csv_file("recu_le;canal", "02/12/2019;courrier")
    import_register(organisation, "correspondence", raw, "r.csv", today=TODAY)
    assert Correspondence.objects.get().deadline_days == 15


def test_every_bad_row_is_named_and_nothing_is_saved(organisation, unit):
    raw = csv_file(
        CORRESPONDENCE_HEADER,
        "23/02/2026;courriel;bae;oui;non;;;",
        "31/02/2026;courriel;bae;oui;non;;;",
        "23/02/2026;fax;bae;oui;non;;;",
        "23/02/2026;courriel;xyz;oui;non;;;",
        "23/02/2026;courriel;bae;peut-être;non;;;",
        "23/02/2026;courriel;bae;oui;non;;20/02/2026;",
        "10/03/2026;courriel;bae;oui;non;;;",
        "23/02/2026;courriel;bae;oui;non;;05/03/2026;",
        ";courriel;bae;oui;non;;;",
        "23/02/2026;courriel;bae;oui;non;01/01/2026;;",
    )
    errors = errors_of(organisation, "correspondence", raw)
    assert errors == [
        "Ligne 3, colonne « recu_le » : « 31/02/2026 » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ).",
        "Ligne 4, colonne « canal » : « fax » n'est pas une valeur possible (« courriel », « courrier »).",
        "Ligne 5, colonne « unite » : aucune unité ne porte le code « xyz » dans cette organisation.",
        "Ligne 6, colonne « perimetre » : « peut-être » n'est pas une réponse oui/non.",
        "Ligne 7, colonne « repondu_le » : La date de réponse ne peut pas précéder la date de réception.",
        "Ligne 8, colonne « recu_le » : La date de réception ne peut pas être dans le futur.",
        "Ligne 9, colonne « repondu_le » : La date de réponse ne peut pas être dans le futur.",
        "Ligne 10, colonne « recu_le » : valeur obligatoire.",
        "Ligne 11, colonne « accuse_reception_le » : La date d'accusé de réception ne peut pas précéder la date de réception.",
    ]
    assert not Correspondence.objects.exists()


def test_one_bad_row_among_ten_thousand_saves_nothing(organisation, unit):
    lines = [CORRESPONDENCE_HEADER] + ["16/02/2026;courriel;bae;oui;non;;20/02/2026;oui"] * 10_000
    lines[7_777] = "16/02/2026;courriel;bae;oui;non;;13/02/2026;oui"
    errors = errors_of(organisation, "correspondence", csv_file(*lines))
    assert errors == [
        "Ligne 7778, colonne « repondu_le » : La date de réponse ne peut pas précéder la date de réception."
    ]
    assert not Correspondence.objects.exists()


def test_windows_1252_csv_from_excel_keeps_its_accents(organisation):
    raw = csv_file(
        "recu_le;nature;origine;theme;description",
        "16/02/2026;Réclamation;Accueil physique;Délai d'accès;File d'attente très longue à l'accueil",
        encoding="cp1252",
    )
    import_register(organisation, "feedback", raw, "export-excel.csv", today=TODAY)
    feedback = Feedback.objects.get()
    assert feedback.kind == "complaint"
    assert feedback.source == "in_person"
    assert feedback.theme == "Délai d'accès"
    assert feedback.description == "File d'attente très longue à l'accueil"
    assert feedback.reference == "AV-74-2026-00001"


def test_feedback_references_follow_the_existing_ones(organisation):
    raw = csv_file(
        "recu_le;nature;origine",
        "16/02/2026;suggestion;urne",
        "17/02/2026;reclamation;courriel",
        "03/12/2025;suggestion;telephone",
    )
    import_register(organisation, "feedback", raw, "f.csv", today=TODAY)
    import_register(
        organisation,
        "feedback",
        csv_file("recu_le;nature;origine", "18/02/2026;suggestion;urne"),
        "g.csv",
        today=TODAY,
    )
    assert sorted(Feedback.objects.values_list("reference", flat=True)) == [
        "AV-74-2025-00001",
        "AV-74-2026-00001",
        "AV-74-2026-00002",
        "AV-74-2026-00003",
    ]


def test_xlsx_file_with_real_dates_is_imported(organisation):
    raw = xlsx_file(
        [
            ["demandee_le", "support", "description", "publiee_le"],
            [
                dt.datetime(2026, 2, 23),
                "SVI",
                "Message d'accueil des vacances",
                dt.datetime(2026, 2, 25),
            ],
        ]
    )
    import_register(organisation, "update_request", raw, "maj.xlsx", today=TODAY)
    request = UpdateRequest.objects.get()
    assert request.target == "ivr"
    assert request.due_on == dt.date(2026, 2, 26)
    assert request.on_time is True


def test_xlsx_errors_are_named_too(organisation):
    raw = xlsx_file([["demandee_le", "support", "description"], ["hier", "journal", ""]])
    assert errors_of(organisation, "update_request", raw, "maj.xlsx") == [
        "Ligne 2, colonne « demandee_le » : « hier » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ).",
        "Ligne 2, colonne « support » : « journal » n'est pas une valeur possible (« site internet », « serveur vocal interactif (svi) »).",
        "Ligne 2, colonne « description » : valeur obligatoire.",
    ]


def test_a_file_that_is_not_a_spreadsheet_is_refused(organisation):
    errors = errors_of(organisation, "correspondence", b"PK\x03\x04 pas un classeur", "faux.xlsx")
    assert errors == ["Ligne 1 : ce fichier n'est pas un classeur Excel (.xlsx) lisible."]


def test_an_empty_file_is_refused(organisation):
    assert errors_of(organisation, "correspondence", b"") == ["Ligne 1 : le fichier est vide."]
    assert errors_of(organisation, "correspondence", csv_file(CORRESPONDENCE_HEADER)) == [
        "Ligne 2 : le fichier ne contient aucune ligne de données."
    ]


def test_missing_required_columns_are_named(organisation):
    errors = errors_of(organisation, "feedback", csv_file("recu_le;theme", "16/02/2026;Accueil"))
    assert errors == [
        "Ligne 1, colonne « nature » : colonne absente de l'en-tête.",
        "Ligne 1, colonne « origine » : colonne absente de l'en-tête.",
    ]


def test_a_unit_of_another_organisation_is_unknown_here(organisation, other_organisation):
    UnitFactory(organisation=other_organisation, code="bae")
    errors = errors_of(
        organisation, "correspondence", csv_file("recu_le;canal;unite", "16/02/2026;courriel;bae")
    )
    assert errors == [
        "Ligne 2, colonne « unite » : aucune unité ne porte le code « bae » dans cette organisation."
    ]


# --- The import page --------------------------------------------------------------------------


def import_url(organisation, register="correspondence"):
    return reverse(
        "registers_io:import", kwargs={"org_code": organisation.code, "register": register}
    )


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_import_page_documents_the_columns(quality_lead_client, organisation):
    content = quality_lead_client.get(import_url(organisation)).content.decode()
    for header in (
        "recu_le",
        "canal",
        "unite",
        "repondu_le",
        "accuse_reception_le",
        "perimetre",
        "semaine_echantillon",
        "signature_conforme",
    ):
        assert f"<code>{header}</code>" in content
    assert "Télécharger le modèle en Excel" in content and "Télécharger le modèle en CSV" in content


def test_import_page_imports_a_good_file(quality_lead_client, organisation):
    response = quality_lead_client.post(
        import_url(organisation),
        {"file": upload("r.csv", csv_file("recu_le;canal", "16/02/2026;courriel"))},
    )
    assert response.status_code == 302
    record = Correspondence.objects.get()
    user = quality_lead_client.membership.user
    assert record.created_by == user
    assert record.created_at is not None
    [history] = record.history.all()
    assert history.history_user == user
    assert history.history_type == "+"
    assert history.history_change_reason == "Import du fichier « r.csv »"


def test_import_page_lists_every_error(quality_lead_client, organisation):
    raw = csv_file("recu_le;canal", "16/02/2026;fax", "hier;courriel")
    response = quality_lead_client.post(import_url(organisation), {"file": upload("r.csv", raw)})
    assert response.status_code == 400
    content = response.content.decode()
    assert "rien n'a été importé" in content
    assert "« fax » n&#x27;est pas une valeur possible" in content
    assert "« hier » n&#x27;est pas une date" in content
    assert not Correspondence.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.QUALITY_CORRESPONDENT, Role.VIEWER])
def test_only_who_manages_registers_imports(member_client, organisation, role):
    client = member_client(role)
    response = client.post(
        import_url(organisation),
        {"file": upload("r.csv", csv_file("recu_le;canal", "16/02/2026;courriel"))},
    )
    assert response.status_code == 403
    assert not Correspondence.objects.exists()


def test_unknown_register_answers_404(quality_lead_client, organisation):
    assert quality_lead_client.get(import_url(organisation, "inconnu")).status_code == 404


@pytest.mark.parametrize("register", ["correspondence", "feedback", "update_request"])
def test_templates_can_be_downloaded_and_read_back(quality_lead_client, organisation, register):
    from qualipilote.common.tabular import read_table
    from qualipilote.registers.imports import IMPORT_FORMATS

    headers = [c.header for c in IMPORT_FORMATS[register].columns]
    for file_format in ("csv", "xlsx"):
        url = reverse(
            "registers_io:import_template",
            kwargs={
                "org_code": organisation.code,
                "register": register,
                "file_format": file_format,
            },
        )
        response = quality_lead_client.get(url)
        assert response.status_code == 200
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        assert read_table(raw, f"modele.{file_format}").header == headers
