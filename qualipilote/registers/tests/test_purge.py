"""Purge of personal data: authors anonymised after the retention period, figures unchanged."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Avg, Count, Q
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory
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
    foreign = FeedbackAuthorFactory(
        feedback=FeedbackFactory(organisation=other_organisation, received_on=D(2019, 3, 4))
    )
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False):
        call_command("purge_personal_data", organisation="pref-74")
    assert "pref-74 : 3 avis purgé(s), dont 3 auteur(s) anonymisé(s)" in capsys.readouterr().out
    foreign.refresh_from_db()
    assert foreign.anonymised_at is None


# --- Free text (issue 7, item 8) --------------------------------------------------------------

MARKER = "[texte retiré le 23/11/2026 : données personnelles]"
TYPED = {
    "description": "Je suis Jeanne Ancienne, joignable au 06 11 22 33 44 ou jeanne@example.org.",
    "answer": "Madame Ancienne, nous vous avons rappelée au 06 11 22 33 44.",
    "related_actions_note": "Rappel de Mme Ancienne par l'agent d'accueil.",
}
PERSONAL_BITS = ("Ancienne", "06 11 22 33 44", "jeanne@example.org")


@pytest.fixture
def typed_in(organisation):
    """Old cases whose free text holds what the author's record holds, and a recent one."""
    unit = UnitFactory(organisation=organisation, code="bae")
    old = FeedbackFactory(
        organisation=organisation,
        received_on=D(2019, 3, 4),
        answered_on=D(2019, 3, 8),
        unit=unit,
        theme="Accueil au guichet",
        **TYPED,
    )
    FeedbackAuthorFactory(feedback=old, name="Jeanne Ancienne", phone="06 11 22 33 44")
    anonymous = FeedbackFactory(
        organisation=organisation,
        received_on=D(2023, 1, 9),
        description="Appelez Paul Tardif au 07 00 00 00 00.",
    )
    recent = FeedbackFactory(
        organisation=organisation, received_on=D(2026, 10, 5), description="Zoé Actuelle, 06 99."
    )
    return {"old": old, "anonymous": anonymous, "recent": recent}


def all_figures(organisation) -> dict:
    from qualipilote.indicators.catalogue import load_catalogue
    from qualipilote.indicators.computation import computed_figures
    from qualipilote.indicators.models import Indicator

    load_catalogue()
    return computed_figures(
        list(Indicator.objects.computed()),
        start=D(2019, 1, 1),
        end=D(2026, 11, 1),
        today=TODAY,
        organisations=[organisation.pk],
    )


def kept_columns(organisation) -> list[tuple]:
    return list(
        Feedback.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list(
            "reference",
            "kind",
            "source",
            "theme",
            "unit",
            "received_on",
            "answered_on",
            "due_on",
            "on_time",
            "working_days_taken",
            "in_scope",
            "sampled",
        )
    )


def test_purge_replaces_the_free_text_and_keeps_every_figure(organisation, typed_in):
    figures_before = all_figures(organisation)
    columns_before = kept_columns(organisation)

    [result] = purge_personal_data([organisation], today=TODAY)

    assert (result.purged, result.anonymised) == (2, 1)
    old = Feedback.objects.get(pk=typed_in["old"].pk)
    assert (old.description, old.answer, old.related_actions_note) == (MARKER, MARKER, MARKER)
    assert old.personal_data_purged_on == TODAY
    assert Feedback.objects.get(pk=typed_in["anonymous"].pk).description == MARKER
    recent = Feedback.objects.get(pk=typed_in["recent"].pk)
    assert (recent.description, recent.personal_data_purged_on) == ("Zoé Actuelle, 06 99.", None)
    assert kept_columns(organisation) == columns_before
    assert all_figures(organisation) == figures_before


def test_an_empty_text_stays_empty(organisation, typed_in):
    purge_personal_data([organisation], today=TODAY)
    anonymous = Feedback.objects.get(pk=typed_in["anonymous"].pk)
    assert (anonymous.answer, anonymous.related_actions_note) == ("", "")


def test_purge_scrubs_every_history_row_of_the_record_and_its_author(organisation, typed_in):
    old = typed_in["old"]
    old.description += " Adresse : 3 rue du Lac."
    old.save()  # a second version of the text in the history
    author = old.author
    author.email = "jeanne@example.org"
    author.save()

    purge_personal_data([organisation], today=TODAY)

    for version in Feedback.history.filter(id=old.pk):
        for name in TYPED:
            text = getattr(version, name)
            assert not any(bit in text for bit in PERSONAL_BITS), (version.history_type, name)
            assert text in ("", MARKER)
    for version in FeedbackAuthor.history.filter(id=author.pk):
        assert (version.name, version.email, version.phone, version.address) == ("", "", "", "")
    recent_history = Feedback.history.filter(id=typed_in["recent"].pk)
    assert recent_history.get().description == "Zoé Actuelle, 06 99."


def test_purge_is_idempotent(organisation, typed_in):
    purge_personal_data([organisation], today=TODAY)
    versions = Feedback.history.count()

    [again] = purge_personal_data([organisation], today=TODAY + dt.timedelta(days=1))

    assert (again.purged, again.anonymised) == (0, 0)
    assert Feedback.history.count() == versions
    old = Feedback.objects.get(pk=typed_in["old"].pk)
    assert (old.description, old.personal_data_purged_on) == (MARKER, TODAY)


def test_the_record_says_it_was_purged(member_client, organisation, typed_in):
    purge_personal_data([organisation], today=TODAY)
    client = member_client(Role.QUALITY_LEAD)
    old = typed_in["old"]
    detail = client.get(
        reverse("registers:feedback_detail", kwargs={"org_code": "pref-74", "pk": old.pk})
    ).content.decode()
    listed = client.get(
        reverse("registers:feedback_list", kwargs={"org_code": "pref-74"})
    ).content.decode()

    assert "Données personnelles retirées le 23/11/2026" in detail
    assert "Jeanne" not in detail
    assert "données personnelles retirées" in listed.lower()


def test_the_purge_runs_every_day(organisation, typed_in):
    from qualipilote.registers.tasks import daily_personal_data_purge

    with time_machine.travel(dt.datetime(2026, 11, 23, 3, tzinfo=dt.UTC), tick=False):
        daily_personal_data_purge.call_local()

    assert Feedback.objects.get(pk=typed_in["old"].pk).description == MARKER
    every_day_at_3 = daily_personal_data_purge.task_class().validate_datetime
    assert every_day_at_3(dt.datetime(2026, 11, 24, 3, 0))
    assert not every_day_at_3(dt.datetime(2026, 11, 24, 4, 0))
