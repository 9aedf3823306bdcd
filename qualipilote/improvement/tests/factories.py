"""Factories of the action plan and the audits, and the certification body's grading scale as
the frameworks' data files declare it."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qualipilote.improvement.models import Action, Audit, Finding
from qualipilote.organisations.tests.factories import UserFactory

GRADES = [
    {"code": "strength", "label": "Point fort", "nonconformity": False},
    {"code": "improvement", "label": "Piste de progrès", "nonconformity": False},
    {"code": "sensitive_point", "label": "Point sensible", "nonconformity": False},
    {"code": "minor_nonconformity", "label": "Non-conformité mineure", "nonconformity": True},
    {"code": "major_nonconformity", "label": "Non-conformité majeure", "nonconformity": True},
]


class ActionFactory(factory.django.DjangoModelFactory):
    """An action written straight to the table (tests of lists and queries); the rules are
    tested through services.create_action."""

    class Meta:
        model = Action

    reference = factory.Sequence(lambda n: f"PA-TEST-2026-{n + 1:05d}")
    title = factory.Sequence(lambda n: f"Action {n}")
    kind = "corrective"
    source = "suggestion"
    owner = factory.SubFactory(UserFactory)
    due_on = dt.date(2026, 6, 30)
    created_at = factory.LazyFunction(timezone.now)


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    kind = "internal"
    starts_on = dt.date(2026, 9, 14)
    ends_on = dt.date(2026, 9, 15)
    auditors = "Inspection ministérielle"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    grade = "minor_nonconformity"
    text = "Les délais de réponse aux courriels ne sont pas suivis."
    recorded_at = factory.LazyFunction(timezone.now)
