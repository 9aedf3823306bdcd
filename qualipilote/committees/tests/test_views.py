"""Issue 11, item 4, through the pages: every member reads, writes need MANAGE_COMMITTEES,
another organisation is refused, bad input comes back with French messages (never a 500)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.committees import services
from qualipilote.committees.models import AgendaItem, Committee, Decision, Meeting
from qualipilote.improvement.models import Action
from qualipilote.improvement.tests.factories import ActionFactory
from qualipilote.organisations.enums import Role

from .factories import CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url(path):
    return f"/pref-74/comites/{path}"


def test_every_member_reads_the_committees(member_client, organisation):
    CommitteeFactory(organisation=organisation, name="Comité local des usagers", kind="users")
    client = member_client(Role.VIEWER)
    page = client.get(url(""))
    assert page.status_code == 200
    assert "Comité local des usagers" in page.content.decode()
    assert "Créer un comité" not in page.content.decode()


def test_the_menu_links_to_the_committees(quality_lead_client):
    page = quality_lead_client.get("/pref-74/")
    assert 'href="/pref-74/comites/"' in page.content.decode()


def test_a_member_of_another_organisation_is_refused(
    member_client, organisation, other_organisation
):
    committee = CommitteeFactory(organisation=organisation)
    meeting = MeetingFactory(committee=committee)
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    for path in (
        "",
        f"{committee.pk}/",
        f"reunions/{meeting.pk}/",
        f"reunions/{meeting.pk}/ordre-du-jour/",
    ):
        assert client.get(url(path)).status_code == 403
    response = client.post(
        url(f"reunions/{meeting.pk}/decisions/"), {"text": "Refaire", "due_on": "2027-01-01"}
    )
    assert response.status_code == 403
    # …and through their own organisation's address, another organisation's records are 404.
    assert client.get(f"/pref-73/comites/{committee.pk}/").status_code == 404
    assert client.get(f"/pref-73/comites/reunions/{meeting.pk}/").status_code == 404
    assert client.post(f"/pref-73/comites/reunions/{meeting.pk}/tenue/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, organisation):
    response = client.get(url(""))
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]


def test_the_lead_creates_a_committee_and_an_agent_cannot(member_client, organisation):
    lead = member_client(Role.QUALITY_LEAD)
    response = lead.post(
        url("nouveau/"),
        {"name": "COPIL qualité", "kind": "steering", "chair": lead.membership.user.pk},
    )
    committee = Committee.objects.get()
    assert response.status_code == 302 and response["Location"] == url(f"{committee.pk}/")
    agent = member_client(Role.AGENT)
    assert agent.post(url("nouveau/"), {"name": "GT", "kind": "working_group"}).status_code == 403
    assert Committee.objects.count() == 1


def test_a_bad_committee_comes_back_with_french_messages(quality_lead_client):
    response = quality_lead_client.post(url("nouveau/"), {"name": "", "kind": "board"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Indiquez le nom du comité." in content
    response = quality_lead_client.post(url("nouveau/"), {"name": "COPIL\x00", "kind": "steering"})
    assert response.status_code == 400
    assert "caractère de contrôle" in response.content.decode()
    assert not Committee.objects.exists()


def test_the_lead_plans_a_meeting_then_edits_the_committee(quality_lead_client, organisation):
    committee = CommitteeFactory(organisation=organisation, name="CSA")
    response = quality_lead_client.post(
        url(f"{committee.pk}/reunions/nouvelle/"), {"held_on": "2026-12-10"}
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url(f"reunions/{meeting.pk}/")
    response = quality_lead_client.post(
        url(f"{committee.pk}/reunions/nouvelle/"), {"held_on": "2099-01-01"}
    )
    assert response.status_code == 400
    assert "La date de la réunion doit se situer entre" in response.content.decode()
    response = quality_lead_client.post(
        url(f"{committee.pk}/modifier/"),
        {"name": "Comité social d'administration", "kind": "staff"},
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.kind == "staff"


def test_attendees_members_and_external_people(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, committee__kind="users")
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/participants/"),
        {"name": "Mme Durand", "quality": "Représentante de l'UDAF"},
    )
    assert response.status_code == 302
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/participants/"), {"name": "M. Roux"}
    )
    assert response.status_code == 400
    assert "Indiquez la qualité de la personne extérieure." in response.content.decode()
    page = quality_lead_client.get(url(f"reunions/{meeting.pk}/")).content.decode()
    assert "Mme Durand, Représentante de l&#x27;UDAF" in page
    attendee = meeting.attendees.get()
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/participants/{attendee.pk}/retirer/")
    )
    assert response.status_code == 302 and not meeting.attendees.exists()


def test_html_typed_in_is_shown_as_text(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 1, 5))
    services.add_attendee(meeting, name="<script>alert(1)</script>", quality="Usager")
    page = quality_lead_client.get(url(f"reunions/{meeting.pk}/")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_draft_agenda_page_of_a_copil_and_its_saving(quality_lead_client, organisation):
    lead = quality_lead_client.membership.user
    ActionFactory(
        organisation=organisation,
        reference="PA-74-2026-00001",
        title="Refaire la signalétique",
        owner=lead,
        due_on=dt.date(2020, 1, 1),
    )
    meeting = MeetingFactory(committee__organisation=organisation, committee__kind="steering")
    page = quality_lead_client.get(url(f"reunions/{meeting.pk}/ordre-du-jour/")).content.decode()
    assert "Projet construit à partir des données" in page
    assert "PA-74-2026-00001 — Refaire la signalétique" in page

    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/ordre-du-jour/"),
        {
            "count": "2",
            "keep": ["1"],
            "section-0": "Actions en retard",
            "title-0": "Point retiré",
            "section-1": "Actions en retard",
            "title-1": "PA-74-2026-00001 — Refaire la signalétique",
            "added": "Bilan annuel de la qualité\r\n\r\nQuestions diverses",
        },
    )
    assert response.status_code == 302
    assert list(AgendaItem.objects.values_list("section", "title")) == [
        ("Actions en retard", "PA-74-2026-00001 — Refaire la signalétique"),
        ("", "Bilan annuel de la qualité"),
        ("", "Questions diverses"),
    ]
    page = quality_lead_client.get(url(f"reunions/{meeting.pk}/ordre-du-jour/")).content.decode()
    assert "Projet construit" not in page  # the saved agenda, not a new draft
    assert "Reconstruire le projet à partir des données" in page


def test_an_empty_or_bad_agenda_comes_back_with_its_message(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, committee__kind="working_group")
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/ordre-du-jour/"),
        {"count": "1", "title-0": "Bilan", "added": ""},
    )
    assert response.status_code == 400
    assert "L&#x27;ordre du jour est vide" in response.content.decode()
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/ordre-du-jour/"), {"count": "abc", "added": "Bilan\x00"}
    )
    assert response.status_code == 400
    assert "caractère de contrôle" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_viewer_reads_the_agenda_but_cannot_save_it(member_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, committee__kind="steering")
    client = member_client(Role.VIEWER)
    assert client.get(url(f"reunions/{meeting.pk}/ordre-du-jour/")).status_code == 200
    response = client.post(url(f"reunions/{meeting.pk}/ordre-du-jour/"), {"added": "Bilan"})
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_a_decision_without_responsible_is_refused_on_the_page(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 1, 5))
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/decisions/"),
        {"text": "Refaire la signalétique", "kind": "improvement", "due_on": "2099-01-31"},
    )
    assert response.status_code == 400
    assert (
        "Une décision de comité sans responsable ne peut pas être enregistrée"
        in response.content.decode()
    )
    assert not Decision.objects.exists() and not Action.objects.exists()


def test_a_decision_recorded_on_the_page_becomes_an_action(quality_lead_client, organisation):
    lead = quality_lead_client.membership.user
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 1, 5))
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/decisions/"),
        {
            "text": "Refaire la signalétique",
            "kind": "corrective",
            "responsible": lead.pk,
            "due_on": "2099-01-31",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.kind, action.owner) == ("committee", "corrective", lead)
    page = quality_lead_client.get(url(f"reunions/{meeting.pk}/")).content.decode()
    assert f"/pref-74/plan-d-actions/{action.pk}/" in page


def test_minutes_file_is_served_to_members_only(member_client, organisation, other_organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 1, 5))
    lead = member_client(Role.QUALITY_LEAD)
    response = lead.post(
        url(f"reunions/{meeting.pk}/compte-rendu/"),
        {"minutes": "Bilan validé.", "minutes_file": SimpleUploadedFile("cr.pdf", PDF)},
    )
    assert response.status_code == 302
    download = lead.get(url(f"reunions/{meeting.pk}/compte-rendu/fichier/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    no_file = MeetingFactory(committee=meeting.committee)
    assert lead.get(url(f"reunions/{no_file.pk}/compte-rendu/fichier/")).status_code == 404
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)  # the same client, now
    assert outsider.get(url(f"reunions/{meeting.pk}/compte-rendu/fichier/")).status_code == 403


def test_a_refused_minutes_file_comes_back_with_its_message(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 1, 5))
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/compte-rendu/"),
        {"minutes": "", "minutes_file": SimpleUploadedFile("cr.html", b"<html>")},
    )
    assert response.status_code == 400
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()


def test_marking_a_meeting_held(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 1, 5))
    assert quality_lead_client.post(url(f"reunions/{meeting.pk}/tenue/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_the_admin_reads_committees_but_changes_nothing(admin_client, organisation):
    committee = CommitteeFactory(organisation=organisation, name="COPIL qualité")
    meeting = MeetingFactory(committee=committee)
    assert admin_client.get("/admin/committees/committee/").status_code == 200
    assert admin_client.get(f"/admin/committees/meeting/{meeting.pk}/change/").status_code == 200
    assert admin_client.get("/admin/committees/committee/add/").status_code == 403
    response = admin_client.post(
        f"/admin/committees/committee/{committee.pk}/change/", {"name": "Autre", "kind": "users"}
    )
    assert response.status_code == 403
    committee.refresh_from_db()
    assert committee.name == "COPIL qualité"


def test_the_lead_moves_a_meeting_and_a_bad_date_comes_back(quality_lead_client, organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 12, 1))
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/modifier/"), {"held_on": "2026-12-08"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == dt.date(2026, 12, 8)
    response = quality_lead_client.post(
        url(f"reunions/{meeting.pk}/modifier/"), {"held_on": "2099-13-01"}
    )
    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()
