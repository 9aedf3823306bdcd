"""The demo action plan and label cycle."""

import pytest

from demo import assessments, improvement
from demo.organisations import load_organisations_demo
from qualipilote.improvement.models import Action, Audit, Finding, Milestone


@pytest.fixture
def demo_organisations(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisations = load_organisations_demo()
    assessments.load_demo(organisations)
    return organisations


def test_the_demo_tells_the_quality_loop(demo_organisations):
    improvement.load_demo(demo_organisations)
    for code in ("pref-74", "pref-73"):
        assert Audit.objects.filter(organisation__code=code).count() == 5
        assert Finding.objects.filter(audit__organisation__code=code, status="closed").count() == 2
        closed_nc = Finding.objects.get(
            audit__organisation__code=code, status="closed", grade="minor_nonconformity"
        )
        assert closed_nc.actions.get().has_verdict
        sources = set(
            Action.objects.filter(organisation__code=code).values_list("source", flat=True)
        )
        assert {"audit_finding", "self_assessment", "indicator", "survey", "committee"} <= sources

    improvement.load_demo(demo_organisations)  # again: nothing doubles
    assert Audit.objects.count() == 10


def test_the_demo_loads_the_yearly_rhythm_as_typed_milestones(demo_organisations):
    improvement.load_demo(demo_organisations)
    improvement.load_demo(demo_organisations)  # again: nothing doubles
    for organisation in demo_organisations:
        titles = set(
            Milestone.objects.filter(organisation=organisation).values_list("title", flat=True)
        )
        assert titles == {title for _, title, _ in improvement.YEARLY_RHYTHM}
