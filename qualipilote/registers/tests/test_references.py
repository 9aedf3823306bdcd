"""Complaint references (AV-74-2026-00015): one counter per organisation and year hands out
numbers, so simultaneous submissions (API, public form, import) all succeed with distinct
references and no gap; existing references seed the counter."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.organisations.services import create_organisation
from qualipilote.registers.imports import import_register
from qualipilote.registers.models import (
    Feedback,
    FeedbackReferenceCounter,
    allocate_feedback_references,
)

from .factories import FeedbackFactory

D = dt.date


def numbers(references) -> list[int]:
    return sorted(int(reference.rsplit("-", 1)[1]) for reference in references)


def stored_references(organisation) -> list[str]:
    return list(
        Feedback.objects.filter(organisation=organisation).values_list("reference", flat=True)
    )


# --- The allocator -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_references_follow_each_other_per_organisation_and_year(organisation, other_organisation):
    first = FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 5))
    second = FeedbackFactory(organisation=organisation, received_on=D(2026, 2, 2))
    other_year = FeedbackFactory(organisation=organisation, received_on=D(2025, 12, 1))
    elsewhere = FeedbackFactory(organisation=other_organisation, received_on=D(2026, 1, 5))

    assert first.reference == "AV-74-2026-00001"
    assert second.reference == "AV-74-2026-00002"
    assert other_year.reference == "AV-74-2025-00001"
    assert elsewhere.reference == "AV-73-2026-00001"
    assert allocate_feedback_references(organisation, 2026, 3) == [
        "AV-74-2026-00003",
        "AV-74-2026-00004",
        "AV-74-2026-00005",
    ]


@pytest.mark.django_db
def test_a_counter_created_late_starts_after_the_highest_reference_in_use(organisation):
    FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 5))
    Feedback.objects.filter(organisation=organisation).update(reference="AV-74-2026-00041")
    FeedbackReferenceCounter.objects.all().delete()

    assert allocate_feedback_references(organisation, 2026) == ["AV-74-2026-00042"]


@pytest.mark.django_db
def test_a_feedback_that_fails_to_save_gives_its_number_back(organisation):
    FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 5))

    def history_fails(**kwargs):
        raise RuntimeError("disque plein")

    failing = Feedback(
        organisation=organisation, kind="complaint", source="box", received_on=D(2026, 1, 6)
    )
    post_save.connect(history_fails, sender=Feedback)
    try:
        with pytest.raises(RuntimeError):
            failing.save()  # inserted, then the transaction is rolled back
    finally:
        post_save.disconnect(history_fails, sender=Feedback)

    assert failing.reference == ""
    assert FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 7)).reference == (
        "AV-74-2026-00002"
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_seeds_each_counter_from_the_references_in_use(
    organisation, other_organisation
):
    executor = MigrationExecutor(connection)
    counters_migration = next(
        key
        for key in executor.loader.disk_migrations
        if key[0] == "registers" and key[1].endswith("_feedback_reference_counter")
    )
    node = executor.loader.graph.node_map[counters_migration]
    before = [parent.key for parent in node.parents if parent.key[0] == "registers"]
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        OldFeedback = old_apps.get_model("registers", "Feedback")
        for org, reference in [
            (organisation, "AV-74-2026-00015"),
            (organisation, "AV-74-2026-00003"),
            (organisation, "AV-74-2025-00120"),
            (other_organisation, "AV-73-2026-00007"),
            (organisation, "saisie-manuelle-1"),
        ]:
            OldFeedback.objects.create(
                organisation_id=org.pk,
                reference=reference,
                kind="complaint",
                source="box",
                received_on=D(2026, 1, 5),
                due_on=D(2026, 1, 26),
                deadline_days=15,
            )
    finally:  # the next tests need the full schema whatever happened
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert set(
        FeedbackReferenceCounter.objects.values_list("organisation__code", "year", "last_number")
    ) == {
        ("pref-74", 2026, 15),
        ("pref-74", 2025, 120),
        ("pref-73", 2026, 7),
    }
    assert FeedbackFactory(organisation=organisation, received_on=D(2026, 2, 2)).reference == (
        "AV-74-2026-00016"
    )


@pytest.mark.django_db
def test_an_import_takes_its_numbers_from_the_same_counter(organisation):
    FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 5))
    csv = (
        "recu_le;nature;origine\n"
        "06/01/2026;réclamation;courrier\n"
        "07/01/2026;suggestion;courrier\n"
        "08/12/2025;réclamation;courrier\n"
    ).encode()
    import_register(organisation, "feedback", csv, "avis.csv", today=D(2026, 3, 2))
    FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 9))

    assert sorted(stored_references(organisation)) == [
        "AV-74-2025-00001",
        "AV-74-2026-00001",
        "AV-74-2026-00002",
        "AV-74-2026-00003",
        "AV-74-2026-00004",
    ]


@pytest.mark.django_db
def test_a_long_organisation_code_still_fits_its_reference(db):
    organisation = create_organisation(
        code="ddets-haute-savoie-emploi-solidarites-xx",
        name="DDETS",
        kind="interministerial_directorate",
        departement="74",
    )
    feedback = FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 5))
    feedback.refresh_from_db()
    assert feedback.reference == "AV-DDETS-HAUTE-SAVOIE-EMPLOI-SOLIDARITES-XX-2026-00001"


# --- Simultaneous submissions (threads, each with its own connection) ---------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_allocations_never_share_a_number_even_for_a_new_counter(organisation):
    results = run_at_once(lambda _i: allocate_feedback_references(organisation, 2027, 2), 12)

    assert not [r for r in results if isinstance(r, BaseException)], results
    taken = [reference for result in results for reference in result]
    assert numbers(taken) == list(range(1, 25))
    assert (
        FeedbackReferenceCounter.objects.get(organisation=organisation, year=2027).last_number == 24
    )


@pytest.fixture
def today_2026():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_api_posts_all_get_a_reference(organisation, today_2026):
    FeedbackFactory(organisation=organisation, received_on=D(2026, 1, 5))
    _token, raw = ApiToken.issue(organisation, "CMS")
    url = f"/api/v1/organisations/{organisation.code}/feedback/"

    def post(index):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        body = {
            "kind": "complaint",
            "source": "letter",
            "received_on": "2026-02-23",
            "description": f"Réclamation {index}",
        }
        return client.post(url, body, format="json").status_code

    statuses = run_at_once(post, 10)

    assert statuses == [201] * 10
    assert numbers(stored_references(organisation)) == list(range(1, 12))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_public_submissions_are_all_stored(organisation, today_2026, settings):
    settings.PUBLIC_FEEDBACK_RATE_LIMIT = 1000  # one address sends them all
    cache.clear()
    url = reverse("registers_io:public_feedback", kwargs={"org_code": organisation.code})

    def submit(index):
        response = Client().post(
            url, {"kind": "complaint", "concerned": "", "description": f"Message {index}"}
        )
        return response.status_code

    statuses = run_at_once(submit, 20)

    assert statuses == [302] * 20
    descriptions = set(
        Feedback.objects.filter(organisation=organisation).values_list("description", flat=True)
    )
    assert descriptions == {f"Message {index}" for index in range(20)}
    assert numbers(stored_references(organisation)) == list(range(1, 21))
