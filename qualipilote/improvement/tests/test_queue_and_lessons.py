"""The action plan in the work queue of the home page, and RETEX items that did not work
becoming actions (crisis/hooks.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from qualipilote.crisis import services as crisis
from qualipilote.crisis.enums import EventKind
from qualipilote.crisis.models import LessonOutcome, LessonTheme
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.improvement.enums import ActionSource
from qualipilote.improvement.models import Action
from qualipilote.organisations import services as people
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import ActionFactory, AuditFactory, FindingFactory

pytestmark = pytest.mark.usefixtures("in_march_2026")
TODAY = dt.date(2026, 3, 2)


def queue_of(client, org="pref-74"):
    response = client.get(reverse("organisations:home", kwargs={"org_code": org}))
    assert response.status_code == 200
    return {
        item["label"]: item
        for section in response.context["work_queue"]
        if section["key"] == "improvement"
        for item in section["counts"]
    }


def test_a_person_sees_their_overdue_and_due_soon_actions_linked_to_the_filtered_list(
    member_client, organisation
):
    client = member_client(Role.AGENT)
    me = client.membership.user
    someone_else = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    overdue = ActionFactory(organisation=organisation, owner=me, due_on=TODAY - dt.timedelta(1))
    soon = ActionFactory(organisation=organisation, owner=me, due_on=TODAY + dt.timedelta(14))
    ActionFactory(organisation=organisation, owner=me, due_on=TODAY + dt.timedelta(days=15))
    ActionFactory(
        organisation=organisation,
        owner=me,
        due_on=TODAY - dt.timedelta(days=9),
        status="done",
        completed_on=TODAY - dt.timedelta(days=10),
    )
    theirs = ActionFactory(
        organisation=organisation, owner=someone_else, due_on=TODAY - dt.timedelta(1)
    )

    queue = queue_of(client)

    late = queue["Mes actions en retard"]
    assert late["count"] == 1 and late["urgent"]
    assert queue["Mes actions à échéance dans les 14 jours"]["count"] == 1
    assert "Actions en retard dans toute l'organisation" not in queue  # an agent's queue
    listed = client.get(late["url"]).content.decode()
    assert overdue.reference in listed
    assert soon.reference not in listed and theirs.reference not in listed


def test_the_quality_lead_also_sees_every_overdue_action_and_the_waiting_nonconformities(
    quality_lead_client, organisation, scope, framework
):
    other = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    ActionFactory(organisation=organisation, owner=other, due_on=TODAY - dt.timedelta(days=3))
    audit = AuditFactory(
        organisation=organisation, version=framework.version, starts_on=TODAY + dt.timedelta(20)
    )
    commitment = framework.version.modules.first().commitments.first()
    FindingFactory(audit=audit, commitment=commitment, grade="minor_nonconformity")
    answered = FindingFactory(audit=audit, commitment=commitment, grade="major_nonconformity")
    ActionFactory(organisation=organisation, owner=other, finding=answered, source="audit_finding")
    FindingFactory(audit=audit, commitment=commitment, grade="strength")

    queue = queue_of(quality_lead_client)

    assert queue["Actions en retard dans toute l'organisation"]["count"] == 1
    assert queue["Non-conformités sans action"]["count"] == 1
    assert queue["Audits dans les 30 jours"]["count"] == 1


def test_a_retex_item_that_did_not_work_becomes_an_action_linked_back(organisation, lead):
    event = CrisisEventFactory(organisation=organisation, kind=EventKind.EXERCISE, title="Crue")
    lessons = crisis.write_lessons(event, what_happened="Exercice de crue", user=lead)

    failed = crisis.add_lesson_item(
        lessons,
        theme=LessonTheme.MEDIA,
        outcome=LessonOutcome.DID_NOT_WORK,
        text="Le communiqué est parti après 1 h 20.",
    )
    crisis.add_lesson_item(
        lessons, theme=LessonTheme.ALERT, outcome=LessonOutcome.WORKED, text="Cellule à 40 min."
    )

    action = Action.objects.get()
    assert action.source == ActionSource.LESSONS_LEARNED
    assert action.owner == lead
    assert action.kind == "corrective"
    assert "Crue" in action.source_detail
    assert action.due_on == TODAY + dt.timedelta(days=90)
    failed.refresh_from_db()
    assert failed.action_reference == action.reference


def test_a_retex_written_by_someone_who_left_is_owned_by_the_quality_lead(organisation, lead):
    writer = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT)
    event = CrisisEventFactory(organisation=organisation)
    lessons = crisis.write_lessons(event, what_happened="Inondation", user=writer.user)
    people.suspend_member(writer, by=lead)

    crisis.add_lesson_item(
        lessons, theme=LessonTheme.CIP, outcome=LessonOutcome.DID_NOT_WORK, text="CIP tardive."
    )

    assert Action.objects.get().owner == lead


def test_without_a_quality_lead_the_item_waits_for_an_action(organisation):
    event = CrisisEventFactory(organisation=organisation)
    lessons = crisis.write_lessons(event, what_happened="Avalanche")

    item = crisis.add_lesson_item(
        lessons, theme=LessonTheme.TOOLS, outcome=LessonOutcome.DID_NOT_WORK, text="FR-Alert."
    )

    assert not Action.objects.exists()
    item.refresh_from_db()
    assert item.action_reference == ""
