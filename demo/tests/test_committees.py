"""The demo committees (Haute-Savoie and Savoie, as the seeds describe them)."""

import pytest

from demo import committees
from demo.organisations import load_organisations_demo
from qualipilote.committees.models import Committee, Decision, Meeting


@pytest.fixture
def demo_organisations(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return load_organisations_demo()


def test_the_demo_tells_the_committees_of_the_seeds(demo_organisations):
    committees.load_demo(demo_organisations)
    kinds = set(
        Committee.objects.filter(organisation__code="pref-74").values_list("kind", flat=True)
    )
    assert kinds == {"steering", "staff", "users", "working_group"}
    users = Meeting.objects.get(committee__organisation__code="pref-74", committee__kind="users")
    assert users.status == "held"
    assert users.attendees.filter(user__isnull=True).count() == 3
    assert Decision.objects.filter(meeting__committee__organisation__code="pref-74").count() == 2
    assert all(d.action.source == "committee" for d in Decision.objects.all())
    planned = Meeting.objects.filter(
        committee__organisation__code="pref-74", committee__kind="steering", status="planned"
    )
    assert planned.count() == 1
    assert Committee.objects.filter(organisation__code="pref-73", kind="steering").exists()

    committees.load_demo(demo_organisations)  # again: nothing doubles
    assert Committee.objects.filter(organisation__code="pref-74").count() == 4
