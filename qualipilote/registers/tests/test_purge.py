"""Purge of personal data: authors anonymised after the retention period, figures unchanged."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, Q

from qualipilote.registers.models import Feedback, FeedbackAuthor
from qualipilote.registers.purge import purge_personal_data

from .factories import FeedbackAuthorFactory, FeedbackFactory

D = dt.date
TODAY = D(2026, 11, 23)  # retention 24 months: cases closed before 23 November 2024 are purged


@pytest.fixture
def feedbacks(organisation):
    def author_of(received, answered=None, name="Camille Martin"):
        feedback = FeedbackFactory(
            organisation=organisation, received_on=received, answered_on=answered
        )
        return FeedbackAuthorFactory(feedback=feedback, name=name)

    return {
        "old": author_of(D(2019, 3, 4), D(2019, 3, 8), name="Jeanne Ancienne"),
        "old_late": author_of(D(2024, 10, 1), D(2024, 11, 15), name="Paul Tardif"),
        # received long ago but answered within retention: kept (retention runs from the answer).
        "answered_recently": author_of(D(2024, 10, 1), D(2024, 12, 2), name="Luc Récent"),
        "never_answered_old": author_of(D(2023, 1, 9), name="Ana Sansréponse"),
        "recent": author_of(D(2026, 10, 5), name="Zoé Actuelle"),
    }


def figures(organisation):
    return Feedback.objects.filter(organisation=organisation).aggregate(
        count=Count("pk"),
        on_time=Count("pk", filter=Q(on_time=True)),
        average=Avg("working_days_taken"),
        answered=Count("answered_on"),
    )


def test_purge_anonymises_authors_past_retention_and_keeps_every_figure(organisation, feedbacks):
    before = figures(organisation)
    due_dates = list(Feedback.objects.order_by("pk").values_list("due_on", "on_time"))

    [result] = purge_personal_data([organisation], today=TODAY)

    assert result.anonymised == 3
    assert figures(organisation) == before
    assert list(Feedback.objects.order_by("pk").values_list("due_on", "on_time")) == due_dates
    anonymised = set(
        FeedbackAuthor.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == {feedbacks[name].pk for name in ("old", "old_late", "never_answered_old")}
    old = FeedbackAuthor.objects.get(pk=feedbacks["old"].pk)
    assert (old.name, old.email, old.phone, old.address) == ("", "", "", "")
    assert FeedbackAuthor.objects.get(pk=feedbacks["recent"].pk).name == "Zoé Actuelle"


def test_purge_removes_names_from_the_history(organisation, feedbacks):
    author = feedbacks["old"]
    author.phone = "06 00 00 00 00"
    author.save()  # a second historical copy
    purge_personal_data([organisation], today=TODAY)
    names = set(FeedbackAuthor.history.values_list("name", flat=True))
    assert "Jeanne Ancienne" not in names
    assert "Paul Tardif" not in names
    assert "Zoé Actuelle" in names
    assert not FeedbackAuthor.history.filter(id=author.pk).exclude(phone="").exists()


def test_dry_run_changes_nothing(organisation, feedbacks):
    [result] = purge_personal_data([organisation], today=TODAY, dry_run=True)
    assert result.anonymised == 3
    assert not FeedbackAuthor.objects.filter(anonymised_at__isnull=False).exists()


def test_purge_runs_twice_without_counting_twice(organisation, feedbacks):
    purge_personal_data([organisation], today=TODAY)
    [second] = purge_personal_data([organisation], today=TODAY)
    assert second.anonymised == 0


def test_command_purges_one_organisation(organisation, other_organisation, feedbacks, capsys):
    import time_machine

    foreign = FeedbackAuthorFactory(
        feedback=FeedbackFactory(organisation=other_organisation, received_on=D(2019, 3, 4))
    )
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False):
        call_command("purge_personal_data", organisation="pref-74")
    assert "pref-74 : 3 auteur(s) anonymisé(s)" in capsys.readouterr().out
    foreign.refresh_from_db()
    assert foreign.anonymised_at is None
