"""Issue 13, item 1: the rules of the document base, one test each, and its bad input."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from qualipilote.documents import services
from qualipilote.documents.enums import DocumentKind, VersionStatus
from qualipilote.documents.models import Document, DocumentVersion, Reading

from .factories import approved_version, pdf_upload, sheet, theme

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Numbering ----------------------------------------------------------------------------------


def test_a_procedure_sheet_is_numbered_within_its_theme(organisation):
    found = theme(organisation, 2, "Accueil physique")
    document = services.create_document(
        organisation, kind="procedure", theme=found, number=23, title="Gestion des incidents"
    )
    assert document.reference == "Fiche 23"
    with pytest.raises(ValidationError) as error:
        services.create_document(
            organisation, kind="procedure", theme=found, number=31, title="Serveur vocal"
        )
    assert "La fiche 31 ne peut appartenir au thème 2" in messages_of(error.value)


def test_a_procedure_sheet_needs_a_number_and_a_theme(organisation):
    with pytest.raises(ValidationError) as error:
        services.create_document(organisation, kind="procedure", title="Sans numéro")
    assert set(error.value.error_dict) == {"number", "theme"}


def test_a_sheet_number_is_unique_in_the_organisation_not_across(organisation, other_organisation):
    sheet(organisation, 21)
    with pytest.raises(ValidationError) as error:
        sheet(organisation, 21, title="Doublon")
    assert "La fiche 21 existe déjà" in messages_of(error.value)
    assert sheet(other_organisation, 21).number == 21


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "nope", "title": "X"}, "kind"),
        ({"kind": "memo", "title": "  "}, "title"),
        ({"kind": "memo", "title": "X" * 301}, "title"),
        ({"kind": "memo", "title": "X", "number": 100}, "number"),
    ],
)
def test_bad_document_values_are_refused_with_the_field_named(organisation, values, field):
    with pytest.raises(ValidationError) as error:
        services.create_document(organisation, **values)
    assert field in error.value.error_dict
    assert not Document.objects.exists()


def test_a_theme_or_unit_of_another_organisation_is_refused(organisation, other_organisation):
    from qualipilote.organisations.tests.factories import UnitFactory

    foreign_theme = theme(other_organisation, 2)
    foreign_unit = UnitFactory(organisation=other_organisation)
    with pytest.raises(ValidationError) as error:
        services.create_document(
            organisation,
            kind="procedure",
            theme=foreign_theme,
            number=20,
            title="X",
            owner_unit=foreign_unit,
        )
    assert {"theme", "owner_unit"} <= set(error.value.error_dict)


def test_theme_numbers_are_0_to_9(organisation):
    with pytest.raises(ValidationError):
        services.set_theme(organisation, 10, "Trop loin")
    assert theme(organisation, 7, "Communication d'urgence").number == 7


def test_other_kinds_need_no_number(organisation):
    charter = services.create_document(
        organisation, kind=DocumentKind.USERS_CHARTER, title="Charte de l'usager"
    )
    assert charter.number is None and charter.reference == ""


# --- Versions -----------------------------------------------------------------------------------


def test_a_version_without_a_file_is_refused(organisation, author):
    document = sheet(organisation)
    with pytest.raises(ValidationError) as error:
        services.add_version(document, author=author, upload=None)
    assert messages_of(error.value) == "Une version de document doit avoir un fichier."
    assert not DocumentVersion.objects.exists()


def test_the_database_refuses_a_version_without_a_file(organisation, author):
    from django.db import transaction
    from django.utils import timezone

    document = sheet(organisation)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.create(
            document=document, number=1, author=author, created_at=now, updated_at=now
        )


def test_a_version_file_is_checked_like_evidence(organisation, author, settings):
    document = sheet(organisation)
    renamed = SimpleUploadedFile("fiche.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        services.add_version(document, author=author, upload=renamed)
    assert "n'est pas celui d'un fichier PDF" in messages_of(error.value)
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.add_version(document, author=author, upload=pdf_upload())
    assert "taille maximale" in messages_of(error.value)
    assert not DocumentVersion.objects.exists()


def test_versions_are_numbered_and_one_is_open_at_a_time(organisation, author, reviewer, approver):
    document = sheet(organisation)
    first = approved_version(document, author=author, reviewer=reviewer, approver=approver)
    second = services.add_version(document, author=author, upload=pdf_upload("v2.pdf"))
    assert (first.number, second.number) == (1, 2)
    assert second.status == VersionStatus.DRAFT and second.filename == "v2.pdf"
    with pytest.raises(ValidationError) as error:
        services.add_version(document, author=author, upload=pdf_upload())
    assert "déjà en cours" in messages_of(error.value)


def test_each_step_is_recorded_with_who_and_when(organisation, author, reviewer, approver):
    document = sheet(organisation)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        version = services.add_version(document, author=author, upload=pdf_upload())
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC), tick=False):
        services.submit(version, user=author)
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC), tick=False):
        services.review(version, user=reviewer)
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC), tick=False):
        services.approve(
            version, user=approver, committee_kind="steering", committee_met_on=dt.date(2026, 3, 5)
        )
    version.refresh_from_db()
    assert version.created_at.date() == dt.date(2026, 3, 2)
    assert version.submitted_at.date() == dt.date(2026, 3, 3)
    assert (version.reviewer, version.reviewed_at.date()) == (reviewer, dt.date(2026, 3, 4))
    assert (version.approver, version.approved_at.date()) == (approver, dt.date(2026, 3, 5))
    assert version.updated_at.date() == dt.date(2026, 3, 5)
    assert version.get_committee_kind_display() == "Comité de pilotage qualité (COPIL)"
    assert version.status == VersionStatus.APPROVED


def test_the_approver_cannot_be_the_author(organisation, approver, reviewer):
    document = sheet(organisation)
    version = services.add_version(document, author=approver, upload=pdf_upload())
    services.submit(version, user=approver)
    services.review(version, user=reviewer)
    with pytest.raises(ValidationError) as error:
        services.approve(version, user=approver)
    assert "Le rédacteur ne peut pas approuver sa propre version" in messages_of(error.value)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW and version.approver is None


def test_the_reviewer_cannot_be_the_author(organisation, author):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    services.submit(version, user=author)
    with pytest.raises(ValidationError) as error:
        services.review(version, user=author)
    assert "Le rédacteur ne peut pas relire" in messages_of(error.value)


def test_a_version_is_approved_only_once_reviewed_and_in_review(
    organisation, author, reviewer, approver
):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    with pytest.raises(ValidationError) as error:
        services.approve(version, user=approver)
    assert "seule une version en relecture peut être approuvée" in messages_of(error.value)
    services.submit(version, user=author)
    with pytest.raises(ValidationError) as error:
        services.approve(version, user=approver)
    assert "doit d'abord être relue" in messages_of(error.value)
    with pytest.raises(ValidationError):
        services.submit(version, user=author)  # already in review


def test_only_the_author_submits(organisation, author, reviewer):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    with pytest.raises(ValidationError) as error:
        services.submit(version, user=reviewer)
    assert "Seul le rédacteur" in messages_of(error.value)


def test_a_version_sent_back_returns_to_draft_with_its_reason(organisation, author, reviewer):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    services.submit(version, user=author)
    services.review(version, user=reviewer)
    with pytest.raises(ValidationError) as error:
        services.return_to_author(version, user=reviewer, comment=" ")
    assert "comment" in error.value.error_dict
    services.return_to_author(version, user=reviewer, comment="Ajouter le cas des PMR.")
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT and version.reviewer is None
    assert version.returned_comment == "Ajouter le cas des PMR."


def test_approving_supersedes_the_previous_version(organisation, author, reviewer, approver):
    document = sheet(organisation)
    first = approved_version(document, author=author, reviewer=reviewer, approver=approver)
    second = approved_version(document, author=author, reviewer=reviewer, approver=approver)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED and first.superseded_at is not None
    assert services.current_version(document) == second


def test_the_database_keeps_one_approved_version_per_document(
    organisation, author, reviewer, approver
):
    from django.db import transaction

    document = sheet(organisation)
    approved_version(document, author=author, reviewer=reviewer, approver=approver)
    draft = services.add_version(document, author=author, upload=pdf_upload())
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.APPROVED)


def test_the_next_review_defaults_to_the_period_of_the_kind(
    organisation, author, reviewer, approver
):
    document = sheet(organisation)
    memo = services.create_document(organisation, kind="memo", title="Note courriels")
    with time_machine.travel(dt.datetime(2026, 2, 28, 9, tzinfo=dt.UTC), tick=False):
        approved_version(document, author=author, reviewer=reviewer, approver=approver)
        approved_version(memo, author=author, reviewer=reviewer, approver=approver)
        chosen = services.create_document(organisation, kind="poster", title="Affiche")
        approved_version(
            chosen,
            author=author,
            reviewer=reviewer,
            approver=approver,
            next_review_on=dt.date(2026, 9, 1),
        )
    document.refresh_from_db()
    memo.refresh_from_db()
    chosen.refresh_from_db()
    assert document.next_review_on == dt.date(2028, 2, 28)  # 24 months
    assert memo.next_review_on == dt.date(2027, 2, 28)  # 12 months
    assert chosen.next_review_on == dt.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("approval", "field"),
    [
        ({"committee_kind": "bogus"}, "committee_kind"),
        ({"committee_met_on": dt.date(2026, 1, 5)}, "committee_kind"),
        (
            {"committee_kind": "steering", "committee_met_on": dt.date(2099, 1, 1)},
            "committee_met_on",
        ),
        ({"next_review_on": dt.date(2020, 1, 1)}, "next_review_on"),
        ({"next_review_on": dt.date(2226, 1, 1)}, "next_review_on"),
    ],
)
def test_bad_approval_values_are_refused(organisation, author, reviewer, approver, approval, field):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    services.submit(version, user=author)
    services.review(version, user=reviewer)
    with pytest.raises(ValidationError) as error:
        services.approve(version, user=approver, **approval)
    assert field in error.value.error_dict
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


# --- Readings -----------------------------------------------------------------------------------


def test_a_reading_is_recorded_once_per_person_and_version(
    organisation, author, reviewer, approver, agent
):
    version = approved_version(
        sheet(organisation), author=author, reviewer=reviewer, approver=approver
    )
    reading, created = services.acknowledge(version, user=agent)
    again, created_again = services.acknowledge(version, user=agent)
    assert created and not created_again and reading == again
    assert Reading.objects.filter(user=agent).count() == 1
    assert reading.read_at is not None


def test_only_the_version_in_force_can_be_acknowledged(organisation, author, agent):
    draft = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    with pytest.raises(ValidationError) as error:
        services.acknowledge(draft, user=agent)
    assert "version en vigueur" in messages_of(error.value)
