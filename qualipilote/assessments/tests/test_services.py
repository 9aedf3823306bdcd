"""The self-assessment actions: statuses, evidence files and links, scope and history."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.assessments import services
from qualipilote.assessments.models import Evidence, SelfAssessment
from qualipilote.organisations.tests.factories import UserFactory

from .factories import (
    OOXML_MAIN,
    PDF_BYTES,
    docx_bytes,
    odf_bytes,
    ooxml_bytes,
    pdf_upload,
    workbook_bytes,
    zip_bytes,
)


@pytest.fixture
def user(db):
    return UserFactory()


def record(organisation, commitment, user, **kwargs):
    return services.record_self_assessment(
        organisation, commitment, user=user, **{"status": "met", **kwargs}
    )


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_self_assessment_records_who_and_when_with_history(organisation, commitment, user):
    assessment = record(organisation, commitment, user, comment="Horaires publiés.")
    other = UserFactory()
    record(organisation, commitment, other, status="partly_met", comment="Horaires publiés.")

    assessment.refresh_from_db()
    assert (assessment.status, assessment.assessed_by) == ("partly_met", other)
    history = list(assessment.history.order_by("history_date"))
    assert [(h.status, h.history_user) for h in history] == [("met", user), ("partly_met", other)]


def test_recording_the_same_values_again_adds_no_history(organisation, commitment, user):
    assessment = record(organisation, commitment, user, comment="Identique")
    record(organisation, commitment, user, comment="Identique")
    assert assessment.history.count() == 1


def test_not_applicable_without_a_reason_is_refused(organisation, commitment, user):
    with pytest.raises(ValidationError) as excinfo:
        record(organisation, commitment, user, status="not_applicable", not_applicable_reason=" ")
    assert "not_applicable_reason" in errors_of(excinfo)
    assert "motif de non-application" in errors_of(excinfo)["not_applicable_reason"][0]
    assert not SelfAssessment.objects.exists()


def test_not_applicable_with_a_reason_is_kept_and_the_reason_dropped_otherwise(
    organisation, commitment, user
):
    assessment = record(
        organisation, commitment, user, status="not_applicable", not_applicable_reason="Pas de SVI"
    )
    assert assessment.not_applicable_reason == "Pas de SVI"
    assessment = record(organisation, commitment, user, not_applicable_reason="Pas de SVI")
    assert assessment.not_applicable_reason == ""


def test_an_unknown_status_is_refused(organisation, commitment, user):
    with pytest.raises(ValidationError) as excinfo:
        record(organisation, commitment, user, status="excellent")
    assert "status" in errors_of(excinfo)


def test_a_commitment_outside_the_scope_cannot_be_assessed(organisation, scope, framework, user):
    module_2_commitment = framework.commitments[5]
    with pytest.raises(ValidationError) as excinfo:
        record(organisation, module_2_commitment, user)
    assert "n'est pas dans le périmètre" in errors_of(excinfo)["commitment"][0]
    assert not SelfAssessment.objects.exists()


def test_an_organisation_without_scope_cannot_assess(other_organisation, commitment, user):
    with pytest.raises(ValidationError):
        record(other_organisation, commitment, user)


# --- Evidence files ------------------------------------------------------------------------------


def add_file(organisation, commitment, user, upload, **kwargs):
    return services.add_file_evidence(organisation, commitment, file=upload, user=user, **kwargs)


def test_a_pdf_is_stored_through_the_storage_api(organisation, commitment, user):
    record(organisation, commitment, user)
    evidence = add_file(organisation, commitment, user, pdf_upload("Charte de l'usager.pdf"))
    assert evidence.kind == "file"
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(PDF_BYTES))
    assert evidence.filename == "Charte_de_lusager.pdf"
    assert evidence.file.name.startswith("preuves/pref-74/")
    with default_storage.open(evidence.file.name) as stored:
        assert stored.read() == PDF_BYTES
    assert evidence.history.get().history_user == user


def test_evidence_needs_an_assessment_first(organisation, commitment, user):
    with pytest.raises(ValidationError) as excinfo:
        add_file(organisation, commitment, user, pdf_upload())
    assert "Enregistrez d'abord" in errors_of(excinfo)["commitment"][0]


def test_an_upload_too_large_is_refused(organisation, commitment, user):
    record(organisation, commitment, user)
    too_large = pdf_upload("gros.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES) + 1))
    with pytest.raises(ValidationError) as excinfo:
        add_file(organisation, commitment, user, too_large)
    assert errors_of(excinfo)["file"] == ["Le fichier dépasse la taille maximale de 10 Mo."]
    assert not Evidence.objects.exists()


def test_a_file_of_exactly_the_maximum_size_is_accepted(organisation, commitment, settings, user):
    settings.EVIDENCE_MAX_BYTES = len(PDF_BYTES)
    record(organisation, commitment, user)
    assert add_file(organisation, commitment, user, pdf_upload()).size == len(PDF_BYTES)


@pytest.mark.parametrize("name", ["programme.exe", "page.html", "image.svg", "sans-extension"])
def test_a_forbidden_type_is_refused(organisation, commitment, user, name):
    record(organisation, commitment, user)
    with pytest.raises(ValidationError) as excinfo:
        add_file(organisation, commitment, user, SimpleUploadedFile(name, PDF_BYTES))
    assert errors_of(excinfo)["file"][0].startswith("Ce type de fichier n'est pas accepté : ")
    assert not Evidence.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused(organisation, commitment, user):
    record(organisation, commitment, user)
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError) as excinfo:
        add_file(organisation, commitment, user, fake)
    message = errors_of(excinfo)["file"][0]
    assert message.startswith("Ce type de fichier n'est pas accepté : ")
    assert "n'est pas celui d'un fichier PDF" in message
    assert not Evidence.objects.exists()


def test_an_empty_file_is_refused(organisation, commitment, user):
    record(organisation, commitment, user)
    with pytest.raises(ValidationError) as excinfo:
        add_file(organisation, commitment, user, SimpleUploadedFile("vide.pdf", b""))
    assert "est vide" in errors_of(excinfo)["file"][0]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("plan.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("affiche.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("note.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "application/msword"),
        (
            "note.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "tableau.xlsx",
            ooxml_bytes("xl/workbook.xml", OOXML_MAIN.format("spreadsheetml.sheet")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "registre.xlsx",
            workbook_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "diaporama.pptx",
            ooxml_bytes("ppt/presentation.xml", OOXML_MAIN.format("presentationml.presentation")),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "tableau.ods",
            odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
    ],
)
def test_office_documents_and_images_are_accepted_by_content(
    organisation, commitment, user, name, content, content_type
):
    record(organisation, commitment, user)
    evidence = add_file(organisation, commitment, user, SimpleUploadedFile(name, content))
    assert evidence.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("note.docx", zip_bytes({"xl/workbook.xml": b"<x/>"})),  # a spreadsheet renamed .docx
        ("tableau.ods", odf_bytes("application/vnd.oasis.opendocument.text")),
        # Any zip holding a path under xl/ passed as a workbook: the real structure is checked.
        ("tableau.xlsx", zip_bytes({"xl/anything": b"MZ\x90\x00 an executable"})),
        ("tableau.xlsx", zip_bytes({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})),
        ("note.docx", docx_bytes(with_main_part=False)),  # declared, absent
        ("tableau.xlsx", docx_bytes()),  # a real document renamed .xlsx
        (
            "note.docx",  # a macro-enabled document renamed .docx
            ooxml_bytes(
                "word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
        ),
        ("note.docx", zip_bytes({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w/>"})),
        (
            "tableau.ods",
            odf_bytes("application/vnd.oasis.opendocument.spreadsheet", with_content=False),
        ),
        ("note.docx", b"PK\x03\x04 truncated"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg"),
    ],
)
def test_a_file_whose_content_does_not_match_its_extension_is_refused(
    organisation, commitment, user, name, content
):
    record(organisation, commitment, user)
    with pytest.raises(ValidationError) as excinfo:
        add_file(organisation, commitment, user, SimpleUploadedFile(name, content))
    assert "Ce type de fichier n'est pas accepté" in errors_of(excinfo)["file"][0]


def test_removing_evidence_deletes_the_file_and_keeps_the_history(
    organisation, commitment, user, django_capture_on_commit_callbacks
):
    record(organisation, commitment, user)
    evidence = add_file(organisation, commitment, user, pdf_upload())
    stored = evidence.file.name
    remover = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(organisation, evidence, user=remover)
    assert not Evidence.objects.exists()
    assert not default_storage.exists(stored)
    removal = Evidence.history.get(history_type="-")
    assert (removal.history_user, removal.title) == (remover, "preuve.pdf")


def test_another_organisations_evidence_cannot_be_removed(
    organisation, other_organisation, commitment, user
):
    record(organisation, commitment, user)
    evidence = services.add_link_evidence(
        organisation, commitment, url="https://exemple.gouv.fr", user=user
    )
    with pytest.raises(ValidationError):
        services.remove_evidence(other_organisation, evidence, user=user)
    assert Evidence.objects.count() == 1


# --- Links ------------------------------------------------------------------------------------


def test_a_link_is_recorded_with_its_title(organisation, commitment, user):
    record(organisation, commitment, user)
    evidence = services.add_link_evidence(
        organisation,
        commitment,
        url=" https://www.haute-savoie.gouv.fr/horaires ",
        title="Horaires",
        user=user,
    )
    assert (evidence.kind, evidence.url, evidence.title) == (
        "link",
        "https://www.haute-savoie.gouv.fr/horaires",
        "Horaires",
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://exemple.gouv.fr/fichier", "file:///etc/passwd", "intranet", ""],
)
def test_a_link_that_is_not_http_is_refused(organisation, commitment, user, url):
    record(organisation, commitment, user)
    with pytest.raises(ValidationError) as excinfo:
        services.add_link_evidence(organisation, commitment, url=url, user=user)
    assert "url" in errors_of(excinfo)
    assert not Evidence.objects.exists()


# --- The commitment form: everything or nothing -----------------------------------------------------


def test_the_form_saves_nothing_when_its_file_is_refused(organisation, commitment, user):
    with pytest.raises(ValidationError) as excinfo:
        services.assess_commitment(
            organisation,
            commitment,
            status="met",
            file=SimpleUploadedFile("rapport.pdf", b"<html>"),
            user=user,
        )
    assert "file" in errors_of(excinfo)
    assert not SelfAssessment.objects.exists()


def test_the_form_saves_the_rating_the_file_and_the_link_together(organisation, commitment, user):
    services.assess_commitment(
        organisation,
        commitment,
        status="met",
        file=pdf_upload(),
        url="https://exemple.gouv.fr/bilan",
        link_title="Bilan",
        user=user,
    )
    assessment = SelfAssessment.objects.get()
    assert sorted(assessment.evidence.values_list("kind", flat=True)) == ["file", "link"]
