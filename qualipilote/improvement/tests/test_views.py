"""The pages: who may do what, bad input answered in French, exports and imports."""

import datetime as dt
import html
import io

import openpyxl
import pytest

from qualipilote.assessments.models import SelfAssessment
from qualipilote.assessments.tests.factories import SelfAssessmentFactory
from qualipilote.improvement import audits, services
from qualipilote.improvement.models import Action, Finding
from qualipilote.organisations.enums import Role

D = dt.date
pytestmark = pytest.mark.usefixtures("in_march_2026")


def url(organisation, path):
    return f"/{organisation.code}/{path}"


@pytest.fixture
def audit(organisation, scope, lead):
    return audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 3)
    )


def test_create_an_action_from_a_self_assessment_gap(organisation, scope, framework, member_client):
    client = member_client(Role.QUALITY_LEAD)
    gap = SelfAssessmentFactory(
        organisation=organisation, commitment=framework.commitments[3], status="not_met"
    )
    page = client.get(url(organisation, f"plan-d-actions/nouvelle/?assessment={gap.pk}"))
    assert "Suite à l'auto-diagnostic de l'engagement 3" in html.unescape(page.content.decode())
    response = client.post(
        url(organisation, "plan-d-actions/nouvelle/"),
        {
            "assessment": gap.pk,
            "title": "Mettre à jour la fiche de procédure",
            "kind": "corrective",
            "source": "self_assessment",
            "owner": client.membership.user.pk,
            "due_on": "2026-04-30",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert action.self_assessment == gap and list(action.commitments.all()) == [gap.commitment]


def test_an_action_without_due_date_is_refused_in_french(organisation, scope, member_client):
    client = member_client(Role.QUALITY_LEAD)
    response = client.post(
        url(organisation, "plan-d-actions/nouvelle/"),
        {"title": "Sans échéance", "kind": "corrective", "source": "complaint", "owner": ""},
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Indiquez l'échéance de l'action." in body
    assert "Indiquez le pilote de l'action" in body
    assert not Action.objects.exists()


def test_lists_filter_by_status_owner_source_and_overdue(organisation, lead, member_client):
    client = member_client(Role.VIEWER)
    late = services.create_action(
        organisation,
        user=lead,
        title="En retard",
        kind="corrective",
        source="complaint",
        owner=lead,
        due_on=D(2026, 3, 2),
    )
    services.create_action(
        organisation,
        user=lead,
        title="Plus tard",
        kind="improvement",
        source="survey",
        owner=lead,
        due_on=D(2026, 9, 1),
    )
    Action.objects.filter(pk=late.pk).update(due_on=D(2026, 2, 1))
    page = client.get(url(organisation, "plan-d-actions/?when=overdue"))
    assert "En retard" in html.unescape(page.content.decode()) and "Plus tard" not in html.unescape(
        page.content.decode()
    )
    page = client.get(url(organisation, "plan-d-actions/?source=survey"))
    assert "Plus tard" in html.unescape(
        page.content.decode()
    ) and "En retard</td>" not in html.unescape(page.content.decode())
    page = client.get(url(organisation, f"plan-d-actions/?owner={lead.pk}&status=planned"))
    assert html.unescape(page.content.decode()).count("data-reference=") == 2


def test_export_is_a_workbook_of_the_filtered_actions(organisation, lead, member_client):
    client = member_client(Role.VIEWER)
    services.create_action(
        organisation,
        user=lead,
        title='=HYPERLINK("x")',
        kind="corrective",
        source="complaint",
        owner=lead,
        due_on=D(2026, 4, 1),
    )
    response = client.get(url(organisation, "plan-d-actions/export.xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Référence", "Intitulé")
    assert rows[1][0] == "PA-74-2026-00001" and rows[1][1] == '=HYPERLINK("x")'
    assert sheet.cell(2, 2).data_type == "s"


def test_import_is_all_or_nothing(organisation, lead, unit, member_client):
    client = member_client(Role.QUALITY_LEAD)
    good = f"intitule;nature;origine;pilote;unite;echeance\nAffichage;corrective;complaint;{lead.username};bcic;30/04/2026\n"
    bad = (
        good
        + f"Sans échéance;corrective;complaint;{lead.username};;\nInconnu;urgent;complaint;personne;;30/04/2026\n"
    )
    refused = client.post(
        url(organisation, "plan-d-actions/importer/"),
        {"file": _upload("plan.csv", bad)},
    )
    body = html.unescape(refused.content.decode())
    assert "Ligne 3" in body or "ligne 3" in body
    assert "echeance" in body and "personne" in body
    assert not Action.objects.exists()
    accepted = client.post(
        url(organisation, "plan-d-actions/importer/"), {"file": _upload("plan.csv", good)}
    )
    assert accepted.status_code == 302
    assert Action.objects.get().owner_unit == unit


def _upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_action_page_shows_effectiveness_and_closing_works(organisation, lead, member_client):
    client = member_client(Role.QUALITY_LEAD)
    action = services.create_action(
        organisation,
        user=lead,
        title="Former le standard",
        kind="corrective",
        source="complaint",
        owner=lead,
        due_on=D(2026, 4, 1),
    )
    base = url(organisation, f"plan-d-actions/{action.pk}/")
    refused = client.post(base + "efficacite/", {"effectiveness": "Efficace."})
    assert "une fois l'action réalisée" in html.unescape(refused.content.decode())
    client.post(base + "etat/", {"status": "done"})
    client.post(base + "etat/", {"status": "done"})  # a double click closes once
    client.post(base + "efficacite/", {"effectiveness": "Plus aucune réclamation."})
    action.refresh_from_db()
    assert action.status == "done" and action.effectiveness == "Plus aucune réclamation."
    assert "Plus aucune réclamation." in html.unescape(client.get(base).content.decode())


def test_the_auditor_reads_and_records_findings_and_nothing_else(
    organisation, audit, framework, lead, member_client
):
    client = member_client(Role.AUDITOR)
    assert client.get(url(organisation, "preparation-audit/")).status_code == 200
    commitment = framework.commitments[1]
    assert (
        client.get(url(organisation, f"preparation-audit/engagements/{commitment.pk}/")).status_code
        == 200
    )
    assert client.get(url(organisation, f"audits/{audit.pk}/")).status_code == 200
    recorded = client.post(
        url(organisation, f"audits/{audit.pk}/constats/"),
        {"commitment": commitment.pk, "grade": "sensitive_point", "text": "Affichage incomplet."},
    )
    assert recorded.status_code == 302
    finding = Finding.objects.get()
    # Everything else is refused.
    assert (
        client.post(
            url(organisation, f"constats/{finding.pk}/etat/"), {"status": "closed"}
        ).status_code
        == 403
    )
    assert client.post(url(organisation, "plan-d-actions/nouvelle/"), {}).status_code == 403
    assert client.post(url(organisation, "audits/nouveau/"), {}).status_code == 403
    assert (
        client.post(
            f"/{organisation.code}/auto-diagnostic/engagements/{commitment.pk}/evaluer/",
            {"status": "met"},
        ).status_code
        == 403
    )
    assert not SelfAssessment.objects.exists()


def test_a_finding_outside_the_scope_is_refused_on_the_page(
    organisation, audit, framework, member_client
):
    client = member_client(Role.AUDITOR)
    response = client.post(
        url(organisation, f"audits/{audit.pk}/constats/"),
        {"commitment": framework.commitments[5].pk, "grade": "strength", "text": "x"},
    )
    assert "n'est pas dans le périmètre de labellisation" in html.unescape(
        response.content.decode()
    )
    assert not Finding.objects.exists()


def test_closing_a_nonconformity_with_an_open_action_is_refused(
    organisation, audit, framework, lead, member_client
):
    client = member_client(Role.QUALITY_LEAD)
    finding = audits.record_finding(
        audit, commitment=framework.commitments[2], grade="minor_nonconformity", text="x", user=lead
    )
    action = services.create_action(
        organisation,
        user=lead,
        title="Corriger",
        kind="corrective",
        owner=lead,
        due_on=D(2026, 4, 1),
        finding=finding,
    )
    page = client.post(
        url(organisation, f"constats/{finding.pk}/etat/"), {"status": "closed"}, follow=True
    )
    assert action.reference in html.unescape(page.content.decode())
    finding.refresh_from_db()
    assert finding.status == "open"


def test_plan_the_cycle_from_the_page(organisation, scope, member_client):
    client = member_client(Role.QUALITY_LEAD)
    client.post(url(organisation, "audits/cycle/"), {"labelled_on": "2025-11-20"})
    page = client.get(url(organisation, "audits/")).content.decode()
    assert page.count("data-kind=") == 5 and "Audit de suivi" in page


def test_another_organisation_member_gets_nothing(
    organisation, other_organisation, audit, lead, member_client
):
    action = services.create_action(
        organisation,
        user=lead,
        title="Interne",
        kind="corrective",
        source="complaint",
        owner=lead,
        due_on=D(2026, 4, 1),
    )
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert client.get(url(organisation, "plan-d-actions/")).status_code == 403
    assert client.get(url(other_organisation, f"plan-d-actions/{action.pk}/")).status_code == 404
    assert client.get(url(other_organisation, f"audits/{audit.pk}/")).status_code == 404


def test_the_evidence_pack_is_a_pdf_and_a_zip_of_the_files(
    organisation, scope, framework, member_client
):
    import zipfile

    from qualipilote.assessments.tests.factories import LinkEvidenceFactory

    assessment = SelfAssessmentFactory(
        organisation=organisation, commitment=framework.commitments[1]
    )
    LinkEvidenceFactory(assessment=assessment, title="Page horaires")
    client = member_client(Role.AUDITOR)
    pdf = client.get(url(organisation, "preparation-audit/dossier.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    archive = client.get(url(organisation, "preparation-audit/preuves.zip"))
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names == ["liens.txt"]
    text = zipfile.ZipFile(io.BytesIO(archive.content)).read("liens.txt").decode()
    assert "engagement-01 : Page horaires" in text


def test_a_new_audit_starts_from_the_previous_one_with_its_report(
    organisation, audit, framework, lead, member_client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualipilote.assessments.tests.factories import PDF_BYTES

    audits.record_finding(
        audit,
        commitment=framework.commitments[1],
        grade="improvement",
        text="Afficher les délais.",
        user=lead,
    )
    client = member_client(Role.QUALITY_LEAD)
    refused = client.post(
        url(organisation, "audits/nouveau/"),
        {
            "kind": "follow_up",
            "starts_on": "2026-03-10",
            "ends_on": "2026-03-11",
            "report": SimpleUploadedFile(
                "rapport.exe", b"MZ\x90\x00", content_type="application/octet-stream"
            ),
        },
    )
    assert refused.status_code == 200
    created = client.post(
        url(organisation, "audits/nouveau/"),
        {
            "kind": "follow_up",
            "starts_on": "2026-03-10",
            "ends_on": "2026-03-11",
            "previous": audit.pk,
            "report": SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert created.status_code == 302
    page = html.unescape(client.get(created.url).content.decode())
    assert "Constats de l'audit précédent" in page and "Afficher les délais." in page
    report = client.get(created.url + "rapport/")
    assert b"".join(report.streaming_content).startswith(b"%PDF-")


def test_due_soon_lists_open_actions_of_the_next_two_weeks(organisation, lead, member_client):
    for title, due in (("Cette semaine", D(2026, 3, 6)), ("Dans un mois", D(2026, 4, 6))):
        services.create_action(
            organisation,
            user=lead,
            title=title,
            kind="corrective",
            source="complaint",
            owner=lead,
            due_on=due,
        )
    page = html.unescape(
        member_client(Role.VIEWER)
        .get(url(organisation, "plan-d-actions/?when=due_soon"))
        .content.decode()
    )
    assert "Cette semaine" in page and "Dans un mois" not in page
