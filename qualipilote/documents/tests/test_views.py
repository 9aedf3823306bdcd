"""The pages of the document base: who may do what, bad input shown in French with nothing
saved, files served to members only, another organisation refused, the guide and its PDF."""

import io

import pytest
from pypdf import PdfReader

from qualipilote.documents import services
from qualipilote.documents.enums import VersionStatus
from qualipilote.documents.models import Document, DocumentVersion, Reading
from qualipilote.organisations.enums import Role

from .factories import approved_version, pdf_upload, sheet

pytestmark = pytest.mark.django_db


def url(name, org="pref-74", **kwargs):
    from django.urls import reverse

    return reverse(f"documents:{name}", kwargs={"org_code": org, **kwargs})


def test_the_list_shows_documents_and_reading_shares(
    member_client, organisation, author, reviewer, approver, agent
):
    document = sheet(organisation, 21, title="Gestion des pics d'affluence")
    version = approved_version(document, author=author, reviewer=reviewer, approver=approver)
    services.acknowledge(version, user=agent)
    client = member_client(Role.AGENT)
    page = client.get(url("list")).content.decode()
    assert "Gestion des pics d&#x27;affluence" in page
    assert "v1 du" in page
    # 5 active members (author, reviewer, approver, agent, the client): 1 has read.
    assert "20 % (1/5)" in page


def test_a_correspondent_creates_a_sheet_and_bad_input_is_named(member_client, organisation):
    found = services.set_theme(organisation, 2, "Accueil physique")
    client = member_client(Role.QUALITY_CORRESPONDENT)
    response = client.post(
        url("create"), {"kind": "procedure", "theme": found.pk, "number": "31", "title": "X"}
    )
    assert response.status_code == 400
    assert "La fiche 31 ne peut appartenir au thème 2" in response.content.decode()
    assert not Document.objects.exists()
    response = client.post(url("create"), {"kind": "procedure", "number": "20", "title": "\x00"})
    assert response.status_code == 400 and not Document.objects.exists()
    response = client.post(
        url("create"),
        {"kind": "procedure", "theme": found.pk, "number": "20", "title": "Accueil des PMR"},
    )
    document = Document.objects.get()
    assert response.status_code == 302 and document.number == 20


def test_an_agent_cannot_create_documents_or_versions(member_client, organisation):
    document = sheet(organisation)
    client = member_client(Role.AGENT)
    assert client.get(url("create")).status_code == 403
    response = client.post(url("version_add", pk=document.pk), {"file": pdf_upload()})
    assert response.status_code == 403


def test_a_version_without_a_file_is_refused_in_french(member_client, organisation):
    document = sheet(organisation)
    client = member_client(Role.QUALITY_CORRESPONDENT)
    response = client.post(url("version_add", pk=document.pk), {"summary": "Sans fichier"})
    assert response.status_code == 400
    assert "Une version de document doit avoir un fichier." in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_the_workflow_through_the_pages(member_client, client, organisation, approver, reviewer):
    document = sheet(organisation)
    author_client = member_client(Role.QUALITY_CORRESPONDENT)
    author_client.post(url("version_add", pk=document.pk), {"file": pdf_upload()})
    version = DocumentVersion.objects.get()
    author_client.post(url("version_submit", pk=version.pk))
    client.force_login(reviewer)
    client.post(url("version_review", pk=version.pk))
    client.force_login(approver)
    response = client.post(
        url("version_approve", pk=version.pk),
        {"committee_kind": "steering", "committee_met_on": "not a date"},
    )
    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()
    response = client.post(url("version_approve", pk=version.pk), {"committee_kind": "steering"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED and version.approver == approver


def test_the_author_is_refused_as_approver_through_the_page(
    member_client, client, organisation, reviewer
):
    document = sheet(organisation)
    lead_client = member_client(Role.QUALITY_LEAD)
    lead = lead_client.membership.user
    version = services.add_version(document, author=lead, upload=pdf_upload())
    services.submit(version, user=lead)
    services.review(version, user=reviewer)
    response = lead_client.post(url("version_approve", pk=version.pk), {}, follow=True)
    assert "Le rédacteur ne peut pas approuver sa propre version" in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_an_agent_cannot_approve(member_client, organisation, author, reviewer):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    services.submit(version, user=author)
    services.review(version, user=reviewer)
    response = member_client(Role.AGENT).post(url("version_approve", pk=version.pk))
    assert response.status_code == 403


def test_an_agent_acknowledges_and_sees_what_is_left_to_read(
    member_client, organisation, author, reviewer, approver
):
    first = approved_version(
        sheet(organisation, 21), author=author, reviewer=reviewer, approver=approver
    )
    approved_version(
        sheet(organisation, 22, title="Modification des conditions d'accueil"),
        author=author,
        reviewer=reviewer,
        approver=approver,
    )
    client = member_client(Role.AGENT)
    page = client.get(url("to_read")).content.decode()
    assert "Fiche 21" in page and "Fiche 22" in page
    client.post(url("version_acknowledge", pk=first.pk), {"next": "a-lire"})
    client.post(url("version_acknowledge", pk=first.pk))  # twice: once recorded
    assert Reading.objects.filter(user=client.membership.user).count() == 1
    page = client.get(url("to_read")).content.decode()
    assert "Fiche 21" not in page and "Fiche 22" in page


def test_the_file_is_served_to_members_only(
    member_client, client, organisation, other_organisation, author
):
    version = services.add_version(sheet(organisation), author=author, upload=pdf_upload())
    response = member_client(Role.AGENT).get(url("version_download", pk=version.pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(url("version_download", pk=version.pk)).status_code == 302  # sign in


def test_another_organisation_is_refused(member_client, organisation, other_organisation, author):
    document = sheet(organisation)
    version = services.add_version(document, author=author, upload=pdf_upload())
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert outsider.get(url("document", pk=document.pk)).status_code == 403
    assert outsider.get(url("version_download", pk=version.pk)).status_code == 403
    # Through their own organisation's address, the other organisation's records do not exist.
    assert outsider.get(url("document", org="pref-73", pk=document.pk)).status_code == 404
    assert outsider.get(url("version_download", org="pref-73", pk=version.pk)).status_code == 404
    response = outsider.post(url("version_submit", org="pref-73", pk=version.pk))
    assert response.status_code == 404


def test_the_guide_lists_current_versions_by_theme_and_its_pdf_has_a_contents_table(
    member_client, organisation, author, reviewer, approver
):
    services.set_theme(organisation, 0, "Pilotage de la politique qualité")
    services.set_theme(organisation, 2, "Accueil physique")
    approved_version(
        sheet(
            organisation,
            1,
            title="Gestion de la base documentaire",
            theme_title="Pilotage de la politique qualité",
        ),
        author=author,
        reviewer=reviewer,
        approver=approver,
        committee_kind="steering",
    )
    approved_version(
        sheet(organisation, 21, theme_title="Accueil physique"),
        author=author,
        reviewer=reviewer,
        approver=approver,
    )
    services.add_version(
        sheet(organisation, 22, title="Brouillon seulement", theme_title="Accueil physique"),
        author=author,
        upload=pdf_upload(),
    )
    client = member_client(Role.AGENT)
    page = client.get(url("guide")).content.decode()
    assert "0. Pilotage de la politique qualité" in page
    assert "1 — Gestion de la base documentaire" in page
    assert "Brouillon seulement" not in page
    response = client.get(url("guide_pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Sommaire" in text
    assert "Fiche 21 — Gestion des pics d'affluence" in text
    assert "Comité de pilotage qualité (COPIL)" in text
    assert "Brouillon seulement" not in text


def test_a_second_open_version_is_refused_with_a_message(member_client, organisation, author):
    document = sheet(organisation)
    services.add_version(document, author=author, upload=pdf_upload())
    client = member_client(Role.QUALITY_CORRESPONDENT)
    response = client.post(url("version_add", pk=document.pk), {"file": pdf_upload()}, follow=True)
    assert "déjà en cours de rédaction ou de relecture" in response.content.decode()
    assert DocumentVersion.objects.count() == 1


def test_the_home_work_queue_lists_what_i_have_to_read(
    member_client, organisation, author, reviewer, approver
):
    approved_version(sheet(organisation), author=author, reviewer=reviewer, approver=approver)
    page = member_client(Role.AGENT).get("/pref-74/").content.decode()
    assert "Documents à lire" in page
    assert url("to_read") in page


def test_a_correspondent_edits_a_document_links_commitments_and_moves_its_review(
    member_client, organisation, other_organisation
):
    from qualipilote.assessments.tests.factories import labelled_framework
    from qualipilote.frameworks.scope import set_scope

    framework = labelled_framework()
    set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
        channels=["in_person"],
    )
    commitment = framework.commitments[2]
    document = sheet(organisation, 21)
    client = member_client(Role.QUALITY_CORRESPONDENT)
    values = {
        "kind": "procedure",
        "theme": document.theme_id,
        "number": "21",
        "title": "Pics d'affluence (révisée)",
        "commitments": [commitment.pk],
        "next_review_on": "2099-01-01",
    }
    response = client.post(url("document_edit", pk=document.pk), values)
    assert response.status_code == 400
    assert "La prochaine revue doit se situer à moins de 10 ans" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Gestion des pics d'affluence"
    values["next_review_on"] = ""
    response = client.post(url("document_edit", pk=document.pk), values)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Pics d'affluence (révisée)"
    assert list(document.commitments.all()) == [commitment]
    assert member_client(Role.AGENT).get(url("document_edit", pk=document.pk)).status_code == 403
