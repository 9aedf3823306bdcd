"""The admin's one write, closing findings, keeps the nonconformity rule."""

import datetime as dt

from qualipilote.improvement import audits
from qualipilote.organisations.tests.factories import UserFactory


def test_the_admin_refuses_to_close_a_nonconformity_without_action(
    client, organisation, scope, framework, lead
):
    audit = audits.create_audit(
        organisation,
        user=lead,
        kind="internal",
        starts_on=dt.date(2026, 2, 2),
        ends_on=dt.date(2026, 2, 2),
    )
    nonconformity = audits.record_finding(
        audit, commitment=framework.commitments[1], grade="major_nonconformity", text="x", user=lead
    )
    strength = audits.record_finding(
        audit, commitment=framework.commitments[2], grade="strength", text="y", user=lead
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/improvement/finding/",
        {"action": "close_findings", "_selected_action": [nonconformity.pk, strength.pk]},
        follow=True,
    )
    assert "au moins une action" in response.content.decode().replace("&#x27;", "'")
    nonconformity.refresh_from_db()
    strength.refresh_from_db()
    assert (nonconformity.status, strength.status) == ("open", "closed")
