"""Demo register records: idempotent, and the 2019 figures of the Haute-Savoie report."""

import datetime as dt

import time_machine
from django.db.models import Avg, Count, Q

from demo.registers import load_demo
from qualipilote.registers.models import Correspondence, Feedback, FeedbackAuthor, UpdateRequest

TODAY = dt.date(2026, 11, 23)


def counts():
    return [
        model.objects.count() for model in (Correspondence, Feedback, FeedbackAuthor, UpdateRequest)
    ]


def test_demo_is_idempotent_and_follows_the_2019_report(organisation, other_organisation):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False):
        load_demo([organisation, other_organisation])
        first = counts()
        load_demo([organisation, other_organisation])
    assert counts() == first
    assert 200 < sum(first) < 1000

    complaints_2019 = Feedback.objects.filter(
        organisation=organisation, received_on__year=2019
    ).aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(on_time=True)),
        average=Avg("working_days_taken"),
    )
    assert complaints_2019 == {"total": 30, "on_time": 28, "average": 4.0}
    assert not UpdateRequest.objects.filter(on_time=False).exists()
    for org in (organisation, other_organisation):
        assert Correspondence.objects.filter(organisation=org).overdue(TODAY).exists()
        assert (
            Correspondence.objects.filter(organisation=org)
            .pending(TODAY)
            .due_within(TODAY)
            .exists()
        )
    assert not Correspondence.objects.filter(answered_on__gt=TODAY).exists()
