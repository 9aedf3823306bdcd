"""Two people marking the same records answered at the same moment (a double click, two
agents): the records are locked one batch at a time, the first date wins, the second batch
finds them answered and changes nothing; never a 500, never two answer rows in the history."""

import datetime as dt

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers import assignment
from qualipilote.registers.models import Correspondence

from .factories import CorrespondenceFactory

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date
TODAY = D(2024, 5, 15)


def test_two_simultaneous_bulk_answers_answer_each_record_once(organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    ids = [
        CorrespondenceFactory(organisation=organisation, received_on=D(2024, 5, 6)).pk
        for _ in range(5)
    ]
    dates = [D(2024, 5, 7), D(2024, 5, 9)]

    def answer(index):
        return assignment.mark_answered(
            Correspondence.objects.filter(pk__in=ids),
            answered_on=dates[index],
            by=lead,
            today=TODAY,
        )

    results = run_at_once(answer, 2)

    assert sorted(results) == [0, 5], results
    answered = set(Correspondence.objects.filter(pk__in=ids).values_list("answered_on", flat=True))
    assert len(answered) == 1
    for pk in ids:
        record = Correspondence.objects.get(pk=pk)
        changes = [h for h in record.history.all() if h.answered_on is not None]
        assert len(changes) == 1
