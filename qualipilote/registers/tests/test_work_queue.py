"""The work queue on the organisation's home page, the daily digest of public feedback, and a
person's open work handed over (page, removal, command)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from qualipilote.organisations import services as people
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory
from qualipilote.registers.models import Correspondence, Feedback
from qualipilote.registers.tasks import send_feedback_digests

from .factories import CorrespondenceFactory, FeedbackFactory, UpdateRequestFactory

D = dt.date
TODAY = D(2024, 5, 15)  # a Wednesday
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def agent(organisation):
    unit = UnitFactory(organisation=organisation, code="bae", name="Bureau de l'accueil")
    return MembershipFactory(organisation=organisation, role=Role.AGENT, unit=unit)


def queue_of(client, org="pref-74"):
    response = client.get(reverse("organisations:home", kwargs={"org_code": org}))
    assert response.status_code == 200
    return {
        item.label if hasattr(item, "label") else item["label"]: item
        for section in response.context["work_queue"]
        for item in section["counts"]
    }


def count(item):
    return item.count if hasattr(item, "count") else item["count"]


# E-mails are answered within 5 working days (8 and 9 May 2024 are public holidays): received
# 29 April → due 7 May, overdue on the 15th; received 6 May → due 15 May, today; received
# 10 May → due 17 May, within 3 working days.
OVERDUE, DUE_TODAY, DUE_SOON = D(2024, 4, 29), D(2024, 5, 6), D(2024, 5, 10)


def test_the_example_dates_fall_where_the_queue_expects_them(organisation):
    due = [
        CorrespondenceFactory(organisation=organisation, received_on=day).due_on
        for day in (OVERDUE, DUE_TODAY, DUE_SOON)
    ]
    assert due[0] < TODAY and due[1] == TODAY and TODAY < due[2] <= D(2024, 5, 21)


def test_an_agents_queue_counts_what_is_theirs_or_their_units(client, organisation, agent):
    mine = {"assigned_to": agent.user}
    CorrespondenceFactory(organisation=organisation, received_on=OVERDUE, **mine)
    CorrespondenceFactory(organisation=organisation, received_on=OVERDUE, assigned_unit=agent.unit)
    CorrespondenceFactory(organisation=organisation, received_on=DUE_TODAY, **mine)
    CorrespondenceFactory(organisation=organisation, received_on=DUE_SOON, **mine)
    CorrespondenceFactory(organisation=organisation, received_on=OVERDUE)  # nobody's
    CorrespondenceFactory(  # answered: not to do
        organisation=organisation, received_on=OVERDUE, answered_on=D(2024, 5, 2), **mine
    )
    client.force_login(agent.user)
    queue = queue_of(client)
    assert count(queue["Courriers et courriels : en retard"]) == 2
    assert count(queue["Courriers et courriels : à rendre aujourd'hui"]) == 1
    assert count(queue["Courriers et courriels : à rendre dans les 3 jours ouvrés"]) == 1
    # An agent neither runs the registers nor enters figures: no other section.
    assert "Nouveaux avis du public à prendre en charge" not in queue
    assert not any(label.startswith("Chiffres à saisir") for label in queue)


def test_each_count_links_to_the_same_records_in_the_list(client, organisation, agent):
    overdue = CorrespondenceFactory(
        organisation=organisation, received_on=OVERDUE, assigned_to=agent.user
    )
    CorrespondenceFactory(organisation=organisation, received_on=OVERDUE)
    CorrespondenceFactory(organisation=organisation, received_on=DUE_SOON, assigned_to=agent.user)
    client.force_login(agent.user)
    link = queue_of(client)["Courriers et courriels : en retard"].url
    assert "assignee=moi" in link and "vue=en-retard" in link
    listed = client.get(link).context["page_obj"]
    assert [record.pk for record in listed] == [overdue.pk]


def test_the_quality_lead_sees_new_public_feedback_figures_and_months(
    quality_lead_client, organisation
):
    FeedbackFactory(organisation=organisation, source="web_form")
    FeedbackFactory(organisation=organisation, source="public_review")
    taken = FeedbackFactory(organisation=organisation, source="web_form")
    taken.assigned_unit = UnitFactory(organisation=organisation)
    taken.save()
    FeedbackFactory(organisation=organisation, source="box")  # typed by an agent: already taken
    queue = queue_of(quality_lead_client)
    item = queue["Nouveaux avis du public à prendre en charge"]
    assert count(item) == 2
    listed = quality_lead_client.get(item.url).context["page_obj"]
    assert len(listed) == 2
    assert count(queue["Mois terminés à clôturer (douze derniers)"]) == 12
    assert any(label.startswith("Chiffres à saisir pour avril 2024") for label in queue)


def test_the_daily_digest_tells_the_quality_leads_of_feedback_not_taken(organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    MembershipFactory(organisation=organisation, role=Role.AGENT)
    feedback = FeedbackFactory(organisation=organisation, source="web_form")
    assert send_feedback_digests(TODAY) == 1
    (message,) = mail.outbox
    assert message.to == [lead.user.email]
    assert feedback.reference in message.body
    assert "?vue=a-prendre" in message.body
    feedback.assigned_to = lead.user
    feedback.save()
    mail.outbox.clear()
    assert send_feedback_digests(TODAY) == 0
    assert mail.outbox == []


# --- People move --------------------------------------------------------------------------------


@pytest.fixture
def open_work(organisation, agent):
    return [
        CorrespondenceFactory(organisation=organisation, assigned_to=agent.user),
        FeedbackFactory(organisation=organisation, assigned_to=agent.user),
        UpdateRequestFactory(organisation=organisation, assigned_to=agent.user),
        CorrespondenceFactory(  # answered: stays with them
            organisation=organisation,
            assigned_to=agent.user,
            received_on=D(2024, 5, 6),
            answered_on=D(2024, 5, 7),
        ),
    ]


def handover_url(membership):
    return reverse("registers:handover", kwargs={"org_code": "pref-74", "pk": membership.pk})


def test_the_quality_lead_hands_all_open_records_to_another_person_in_one_step(
    quality_lead_client, organisation, agent, open_work
):
    colleague = MembershipFactory(organisation=organisation, role=Role.AGENT)
    page = quality_lead_client.get(handover_url(agent))
    assert page.status_code == 200 and page.context["count"] == 3
    response = quality_lead_client.post(
        handover_url(agent), {"to": f"personne-{colleague.user_id}"}
    )
    assert response.status_code == 302
    for record in open_work[:3]:
        record.refresh_from_db()
        assert record.assigned_to == colleague.user
        latest = record.history.latest()
        assert latest.history_user == quality_lead_client.membership.user
        assert f"confiés à {colleague.user}" in latest.history_change_reason
    open_work[3].refresh_from_db()
    assert open_work[3].assigned_to == agent.user


@pytest.mark.parametrize(
    "to", ["", "personne-999999", "unite-abc", "n'importe quoi", "personne-{leaving}"]
)
def test_a_bad_handover_target_is_refused_in_french(
    quality_lead_client, organisation, agent, open_work, to
):
    response = quality_lead_client.post(
        handover_url(agent), {"to": to.format(leaving=agent.user_id)}
    )
    assert response.status_code == 400
    assert "fr-error-text" in response.content.decode() or "error" in response.content.decode()
    assert Correspondence.objects.filter(assigned_to=agent.user).count() == 2


def test_a_handover_to_another_organisations_unit_is_refused(
    quality_lead_client, organisation, other_organisation, agent, open_work
):
    their_unit = UnitFactory(organisation=other_organisation)
    response = quality_lead_client.post(handover_url(agent), {"to": f"unite-{their_unit.pk}"})
    assert response.status_code == 400
    assert "Choisissez une personne ou une unité" in response.content.decode()
    assert Feedback.objects.get(pk=open_work[1].pk).assigned_to == agent.user


def test_only_the_quality_lead_hands_work_over(member_client, agent, open_work):
    client = member_client(Role.QUALITY_CORRESPONDENT)
    assert client.get(handover_url(agent)).status_code == 403


def test_the_departure_page_offers_the_handover(quality_lead_client, agent, open_work):
    page = quality_lead_client.get(
        reverse("organisations:member_remove", kwargs={"org_code": "pref-74", "pk": agent.pk})
    ).content.decode()
    assert "3 dossiers ouverts des registres" in page
    assert handover_url(agent) in page


def test_removing_a_member_hands_their_open_records_to_their_unit(organisation, agent, open_work):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    people.remove_member(agent, by=lead.user)
    for record in open_work[:3]:
        record.refresh_from_db()
        assert record.assigned_to is None and record.assigned_unit == agent.unit
        assert "Départ de" in record.history.latest().history_change_reason


def test_suspending_a_member_keeps_their_records(organisation, agent, open_work):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    people.suspend_member(agent, by=lead.user)
    open_work[0].refresh_from_db()
    assert open_work[0].assigned_to == agent.user


def test_the_command_reassigns_open_work(organisation, agent, open_work, capsys):
    call_command(
        "reassign_open_work", "--org", "pref-74", "--from", agent.user.email, "--to-unit", "bae"
    )
    assert "3 dossier(s)" in capsys.readouterr().out
    assert Correspondence.objects.filter(assigned_unit=agent.unit).count() == 1
    with pytest.raises(CommandError, match="Aucun compte unique"):
        call_command(
            "reassign_open_work", "--org", "pref-74", "--from", agent.user.email, "--to", "x@y.z"
        )
    with pytest.raises(CommandError, match="Aucune organisation"):
        call_command("reassign_open_work", "--org", "nulle-part", "--from", "a", "--to", "b")


def test_the_command_records_who_made_the_change(organisation, agent, open_work):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    call_command(
        "reassign_open_work",
        "--org",
        "pref-74",
        "--from",
        agent.user.email,
        "--to-unit",
        "bae",
        "--by",
        lead.username,
    )
    latest = open_work[0].history.latest()
    assert latest.history_user == lead
    assert "Commande reassign_open_work" in latest.history_change_reason
