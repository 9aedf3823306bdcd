"""Reviews due: the work queue, the milestones calendar, the daily reminder; the annual review's
section (order 100)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory

from qualipilote.documents import services
from qualipilote.documents.apps import DocumentsConfig
from qualipilote.documents.models import Document
from qualipilote.documents.queue import review_milestones, work_queue
from qualipilote.documents.reminders import send_review_reminders
from qualipilote.organisations.models import Membership

from .factories import approved_version, sheet

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        yield TODAY


def _in_force(organisation, number, review_on, people):
    document = sheet(organisation, number, title=f"Fiche de test {number}")
    approved_version(document, **people, next_review_on=None)
    Document.objects.filter(pk=document.pk).update(next_review_on=review_on)
    return document


@pytest.fixture
def people(author, reviewer, approver):
    return {"author": author, "reviewer": reviewer, "approver": approver}


def _queue(organisation, user):
    request = RequestFactory().get("/")
    request.user = user
    request.organisation = organisation
    request.membership = Membership.objects.get(user=user, organisation=organisation)
    return {c["label"]: c["count"] for c in work_queue(request)[0]["counts"]}


def test_the_work_queue_counts_reviews_due_and_what_i_have_to_read(
    organisation, people, agent, today
):
    _in_force(organisation, 20, TODAY - dt.timedelta(days=1), people)  # overdue
    _in_force(organisation, 21, TODAY + dt.timedelta(days=30), people)  # within 30 days
    _in_force(organisation, 22, TODAY + dt.timedelta(days=31), people)  # not yet
    counts = _queue(organisation, people["reviewer"])
    assert counts["Revues de documents dépassées"] == 1
    assert counts["Revues de documents dans les 30 jours"] == 1
    assert counts["Documents à lire"] == 3
    agent_counts = _queue(organisation, agent)
    assert agent_counts == {"Documents à lire": 3}  # an agent keeps no documents


def test_next_reviews_are_milestones_of_the_document_review_kind(organisation, people, today):
    document = _in_force(organisation, 20, dt.date(2026, 6, 1), people)
    _in_force(organisation, 21, dt.date(2028, 6, 1), people)
    items = review_milestones(organisation, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [(i["uid"], i["category"], i["date"]) for i in items] == [
        (f"document-review-{document.pk}", "Revue documentaire", dt.date(2026, 6, 1))
    ]
    from qualipilote.improvement.milestones import collect

    assert any(
        i.uid == f"document-review-{document.pk}"
        for i in collect(organisation, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    )


def test_the_daily_reminder_tells_the_keepers_once(organisation, people, today):
    _in_force(organisation, 20, TODAY - dt.timedelta(days=3), people)
    _in_force(organisation, 21, TODAY + dt.timedelta(days=90), people)
    assert send_review_reminders(TODAY) == 1
    message = mail.outbox[0]
    assert "Fiche 20" in message.body and "dépassée depuis le 27/02/2026" in message.body
    assert "Fiche 21" not in message.body
    assert sorted(message.to) == sorted(
        [people["author"].email, people["reviewer"].email, people["approver"].email]
    )
    assert send_review_reminders(TODAY + dt.timedelta(days=1)) == 0


def test_the_periodic_task_is_registered():
    from qualipilote.documents import tasks

    assert callable(tasks.daily_document_review_reminders)


def test_the_annual_review_section(organisation, people, agent, other_organisation):
    with time_machine.travel(dt.datetime(2025, 4, 11, 10, tzinfo=dt.UTC), tick=False):
        first = sheet(organisation, 20, title="Accueil des PMR")
        v1 = approved_version(first, **people)
        second = sheet(organisation, 21, title="Pics d'affluence")
        approved_version(second, **people)
    with time_machine.travel(dt.datetime(2025, 8, 27, 10, tzinfo=dt.UTC), tick=False):
        approved_version(first, **people)
    services.acknowledge(first.versions.get(number=2), user=agent)
    Document.objects.filter(pk=second.pk).update(next_review_on=dt.date(2025, 6, 1))
    config = DocumentsConfig("qualipilote.documents", __import__("qualipilote.documents"))
    [section] = config.annual_review(organisation, 2025)
    assert section.order == 100
    text = " ".join(section.paragraphs)
    assert "En 2025, 2 documents ont été créés et 2 documents ont été validés" in text
    assert "3 versions approuvées, dont 1 révision" in text
    assert "2 documents sont en vigueur ; 1 revue est en retard" in text
    assert [row[:3] for row in section.tables[0].rows] == [
        ["20", "Accueil des PMR", "1"],
        ["20", "Accueil des PMR", "2"],
        ["21", "Pics d'affluence", "1"],
    ]
    # 4 active members (author, reviewer, approver, agent): the agent read fiche 20 (v2).
    bars = {bar.label: bar.value for bar in section.charts[0].bars}
    assert bars == {"20 — Accueil des PMR": 25, "21 — Pics d'affluence": 0}
    assert "0 agent a pris connaissance de tous les documents" in text
    assert v1.pk  # the superseded version still counts in the year's approvals
    [empty] = config.annual_review(other_organisation, 2025)
    assert empty.is_empty
    assert empty.empty_statement == "Aucun document n'a été créé ni mis à jour en 2025."
