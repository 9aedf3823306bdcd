"""The demo of "start from the previous one": the follow-up audit carries the labelling audit's
open findings, a new self-assessment started from the previous answers with one revised."""

import pytest

from demo import assessments, improvement, trail
from demo.organisations import load_organisations_demo
from qualipilote.assessments.baseline import changes_since, latest_round
from qualipilote.assessments.models import AssessmentRound
from qualipilote.improvement.models import Finding


@pytest.fixture
def demo_organisations(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisations = load_organisations_demo()
    assessments.load_demo(organisations)
    improvement.load_demo(organisations)
    return organisations


def test_the_demo_starts_again_from_the_previous_audit_and_self_assessment(demo_organisations):
    trail.load_demo(demo_organisations)
    for organisation in demo_organisations:
        carried = Finding.objects.filter(
            audit__organisation=organisation, audit__kind="follow_up", carried_from__isnull=False
        )
        assert carried.count() == 2  # the improvement lead and the nonconformity still open
        changes = changes_since(latest_round(organisation))
        assert len(changes.edited) == 1 and changes.carried >= 1

    trail.load_demo(demo_organisations)  # again: nothing doubles
    assert AssessmentRound.objects.count() == 2
    assert Finding.objects.filter(carried_from__isnull=False).count() == 4
