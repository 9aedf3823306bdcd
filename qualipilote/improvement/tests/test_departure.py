import datetime as dt

from qualipilote.improvement import services
from qualipilote.organisations.hooks import departure_summary
from qualipilote.organisations.models import Membership


def test_a_leaving_member_s_open_actions_are_announced(organisation, lead, in_march_2026):
    for title in ("Une", "Deux"):
        services.create_action(
            organisation,
            user=lead,
            title=title,
            kind="corrective",
            source="complaint",
            owner=lead,
            due_on=dt.date(2026, 4, 1),
        )
    membership = Membership.objects.get(user=lead, organisation=organisation)
    [item] = departure_summary(membership)
    assert item.text == "2 actions ouvertes du plan d'actions ont cette personne pour pilote."
    assert f"owner={lead.pk}" in item.url
