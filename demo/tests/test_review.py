"""The demo's 2019 review of Haute-Savoie: its foreword and the report's 2019 actions, loaded
once however often the demo is loaded."""

import io

import pytest
from django.core.management import call_command

from qualipilote.improvement.models import Action
from qualipilote.review.models import AnnualReview

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_2019_review_once(settings):
    settings.DEBUG = True
    for command in ("load_frameworks", "load_indicators", "load_demo", "load_demo"):
        call_command(command, stdout=io.StringIO())
    review = AnnualReview.objects.get(organisation__code="pref-74", year=2019)
    assert "4 février 2019" in review.foreword
    actions = Action.objects.filter(organisation__code="pref-74", reference__contains="-2019-")
    assert actions.count() == 5
    assert actions.filter(status="done", feedback__isnull=False).count() == 2
