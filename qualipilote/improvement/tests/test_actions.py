"""The action plan's rules, through services (which pages, API and imports use)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.improvement import services
from qualipilote.improvement.models import Action, ActionReferenceCounter
from qualipilote.organisations.tests.factories import MembershipFactory, UserFactory

D = dt.date


def new_action(organisation, user, **values):
    values = {
        "title": "Afficher les horaires à l'entrée du hall",
        "kind": "corrective",
        "source": "complaint",
        "owner": user,
        "due_on": D(2026, 4, 30),
    } | values
    return services.create_action(organisation, user=user, **values)


def test_an_action_gets_the_next_reference_of_its_organisation_and_year(
    organisation, lead, in_march_2026
):
    first = new_action(organisation, lead)
    second = new_action(organisation, lead)
    assert (first.reference, second.reference) == ("PA-74-2026-00001", "PA-74-2026-00002")
    assert first.status == "planned"
    assert first.history.first().history_user == lead


def test_an_action_without_owner_or_due_date_is_refused_and_nothing_is_saved(
    organisation, in_march_2026
):
    with pytest.raises(ValidationError) as refused:
        services.create_action(
            organisation,
            user=None,
            title="Sans pilote",
            kind="corrective",
            source="complaint",
            owner=None,
            due_on=None,
        )
    assert "pilote" in refused.value.message_dict["owner"][0]
    assert "échéance" in refused.value.message_dict["due_on"][0]
    assert not Action.objects.exists()
    assert not ActionReferenceCounter.objects.exists()


def test_a_due_date_before_the_creation_is_refused(organisation, lead, in_march_2026):
    with pytest.raises(ValidationError) as refused:
        new_action(organisation, lead, due_on=D(2026, 3, 1))
    assert refused.value.message_dict["due_on"] == [
        "L'échéance (01/03/2026) ne peut pas précéder la création de l'action (02/03/2026)."
    ]


def test_the_owner_must_be_a_member_of_the_organisation(organisation, lead, in_march_2026):
    stranger = MembershipFactory(organisation=MembershipFactory().organisation).user
    with pytest.raises(ValidationError) as refused:
        new_action(organisation, lead, owner=stranger)
    assert "n'est pas membre actif" in refused.value.message_dict["owner"][0]
    with pytest.raises(ValidationError):
        new_action(organisation, lead, owner=UserFactory())


def test_done_then_effectiveness_verdict(organisation, lead, in_march_2026):
    action = new_action(organisation, lead)
    with pytest.raises(ValidationError) as refused:
        services.record_effectiveness(action, "Plus aucune réclamation.", user=lead)
    assert "une fois l'action réalisée" in refused.value.message_dict["effectiveness"][0]

    done = services.set_status(action, "done", user=lead)
    assert done.completed_on == D(2026, 3, 2)
    judged = services.record_effectiveness(done, "Plus aucune réclamation depuis.", user=lead)
    assert judged.has_verdict and judged.effectiveness_checked_by == lead


def test_setting_the_same_status_twice_changes_nothing(organisation, lead, in_march_2026):
    action = new_action(organisation, lead)
    services.set_status(action, "done", user=lead)
    count = action.history.count()
    services.set_status(action, "done", user=lead)
    assert action.history.count() == count


def test_abandoning_needs_a_reason(organisation, lead, in_march_2026):
    action = new_action(organisation, lead)
    with pytest.raises(ValidationError) as refused:
        services.set_status(action, "abandoned", user=lead)
    assert "pourquoi" in refused.value.message_dict["abandon_reason"][0]
    abandoned = services.set_status(action, "abandoned", user=lead, abandon_reason="Doublon")
    assert abandoned.abandon_reason == "Doublon"


def test_reopening_a_done_action_withdraws_its_verdict(organisation, lead, in_march_2026):
    action = new_action(organisation, lead)
    services.set_status(action, "done", user=lead)
    services.record_effectiveness(action, "Efficace.", user=lead)
    reopened = services.set_status(action, "in_progress", user=lead)
    assert (reopened.completed_on, reopened.effectiveness) == (None, "")


def test_overdue_and_due_soon(organisation, lead, in_march_2026):
    late = new_action(organisation, lead, due_on=D(2026, 3, 10))
    new_action(organisation, lead, due_on=D(2026, 5, 10))
    finished = new_action(organisation, lead, due_on=D(2026, 3, 10))
    services.set_status(finished, "done", user=lead)
    assert list(Action.objects.overdue(D(2026, 3, 20))) == [late]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_creations_never_share_a_reference(organisation):
    results = run_at_once(lambda _i: services.allocate_action_references(organisation, 2027, 2), 10)
    assert not [r for r in results if isinstance(r, BaseException)], results
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for refs in results for ref in refs)
    assert numbers == list(range(1, 21))


def test_an_unchanged_field_is_not_judged_again(organisation, lead, in_march_2026):
    action = new_action(organisation, lead)
    # The owner left the organisation since; the action can still be moved forward.
    lead.memberships.update(suspended_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    changed = services.update_action(action, user=None, title="Nouveau titre")
    assert changed.title == "Nouveau titre"
    with pytest.raises(ValidationError):
        services.update_action(action, user=None, owner=lead)
