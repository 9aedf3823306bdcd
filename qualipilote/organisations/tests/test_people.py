"""People of an organisation: invitations, roles and their labels, suspension, removal, and the
rule that an organisation always keeps an active quality lead."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qualipilote.accounts.models import User
from qualipilote.common.tests.concurrency import is_postgresql, run_at_once
from qualipilote.organisations import hooks
from qualipilote.organisations.enums import Role, role_label
from qualipilote.organisations.models import Invitation, Membership
from qualipilote.organisations.services import (
    InvitationUnusable,
    accept_invitation,
    accept_invitation_with_password,
    change_role,
    invite_member,
    reinstate_member,
    remove_member,
    resend_invitation,
    revoke_invitation,
    suspend_member,
    usable_invitation,
)
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory

BASE = "https://qualipilote.exemple.gouv.fr"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)


def invite(organisation, by, email="nadia.benali@haute-savoie.gouv.fr", **fields):
    fields = {"role": Role.AGENT, **fields}
    return invite_member(organisation, email=email, by=by, base_url=BASE, **fields)


# --- Role labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "title", "label"),
    [
        (Role.QUALITY_LEAD, "mme", "Référente qualité"),
        (Role.QUALITY_LEAD, "m", "Référent qualité"),
        (Role.QUALITY_LEAD, "", "Référent·e qualité"),
        (Role.QUALITY_CORRESPONDENT, "mme", "Correspondante qualité"),
        (Role.QUALITY_CORRESPONDENT, "", "Correspondant·e qualité"),
        (Role.DIRECTOR, "mme", "Directrice"),
        (Role.DIRECTOR, "", "Direction"),
        (Role.VIEWER, "", "Lecture seule"),
    ],
)
def test_a_role_is_shown_in_the_form_of_the_persons_title(role, title, label):
    assert role_label(role, title) == label


def test_no_role_is_shown_in_the_masculine_alone_to_someone_whose_title_is_unknown():
    masculine = {
        "Référent qualité",
        "Correspondant qualité",
        "Agent",
        "Directeur",
        "Auditeur",
        "Lecteur",
    }
    assert not masculine & {role_label(role, "") for role in Role.values}
    assert not masculine & set(Role.labels)


def test_the_header_shows_the_role_of_a_woman_in_the_feminine(client, organisation):
    membership = MembershipFactory(
        organisation=organisation, role=Role.QUALITY_LEAD, user=UserFactory(title="mme")
    )
    client.force_login(membership.user)

    response = client.get(reverse("organisations:structure", kwargs={"org_code": "pref-74"}))

    assert "Référente qualité" in text(response)
    assert "Référent qualité" not in text(response)


# --- Invitations --------------------------------------------------------------------------------


def test_an_invitation_is_sent_with_a_link_valid_for_the_configured_days(
    organisation, lead, settings
):
    settings.INVITATION_VALID_DAYS = 10
    unit = UnitFactory(organisation=organisation, name="Bureau des titres")

    invitation, token = invite(
        organisation, lead.user, email=" Nadia.Benali@Haute-Savoie.gouv.fr ", unit=unit,
        role=Role.QUALITY_CORRESPONDENT, title="mme", first_name="Nadia", last_name="Benali",
    )  # fmt: skip

    assert invitation.email == "nadia.benali@haute-savoie.gouv.fr"
    assert invitation.expires_at - invitation.sent_at == timedelta(days=10)
    assert token not in invitation.token_digest  # only the digest is stored
    (message,) = mail.outbox
    assert message.to == ["nadia.benali@haute-savoie.gouv.fr"]
    assert f"{BASE}/comptes/invitation/{token}/" in message.body
    assert "comme correspondante qualité (Bureau des titres)" in message.body
    assert invitation.history.first().history_user == lead.user


def test_an_address_already_member_cannot_be_invited(organisation, lead):
    MembershipFactory(organisation=organisation, user=UserFactory(email="Paul@example.gouv.fr"))

    with pytest.raises(ValidationError) as refusal:
        invite(organisation, lead.user, email="paul@example.gouv.fr")

    assert "est déjà membre de l'organisation" in refusal.value.message_dict["email"][0]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_second_invitation_to_the_same_address_is_refused_resend_the_first(organisation, lead):
    invite(organisation, lead.user)

    with pytest.raises(ValidationError) as refusal:
        invite(organisation, lead.user, email="NADIA.benali@haute-savoie.gouv.fr")

    assert "Une invitation est déjà en attente pour cette adresse" in str(refusal.value)
    assert Invitation.objects.count() == 1


def test_a_unit_of_another_organisation_is_refused(organisation, other_organisation, lead):
    with pytest.raises(ValidationError) as refusal:
        invite(organisation, lead.user, unit=UnitFactory(organisation=other_organisation))
    assert refusal.value.message_dict["unit"] == ["Choisissez une unité de cette organisation."]


def test_a_member_who_lost_the_right_to_manage_cannot_invite(organisation, lead):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT)
    with pytest.raises(ValidationError, match="ne vous permet plus de gérer"):
        invite(organisation, agent.user)


def test_an_invitation_link_expires(organisation, lead, settings):
    settings.INVITATION_VALID_DAYS = 14
    _invitation, token = invite(organisation, lead.user)

    with (
        time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)),
        pytest.raises(InvitationUnusable, match="Cette invitation a expiré le"),
    ):
        usable_invitation(token)


def test_resending_gives_a_new_link_and_the_old_one_stops_working(organisation, lead):
    invitation, old_token = invite(organisation, lead.user)

    with time_machine.travel(timezone.now() + timedelta(days=20)):
        new_token = resend_invitation(invitation, by=lead.user, base_url=BASE)
        assert usable_invitation(new_token).pk == invitation.pk

    with pytest.raises(InvitationUnusable, match="n'est pas valide"):
        usable_invitation(old_token)
    assert len(mail.outbox) == 2


def test_a_revoked_invitation_cannot_be_used(organisation, lead):
    invitation, token = invite(organisation, lead.user)

    revoke_invitation(invitation, by=lead.user)

    with pytest.raises(InvitationUnusable, match="a été révoquée"):
        usable_invitation(token)


def test_an_invitation_link_serves_once(organisation, lead):
    invitation, token = invite(organisation, lead.user)

    accept_invitation_with_password(invitation, password="Une phrase de passe solide")

    with pytest.raises(InvitationUnusable, match="a déjà servi"):
        usable_invitation(token)
    with pytest.raises(ValidationError, match="déjà acceptée"):
        accept_invitation_with_password(invitation, password="Une autre phrase solide")
    assert User.objects.filter(email="nadia.benali@haute-savoie.gouv.fr").count() == 1


def test_an_existing_account_joins_when_signed_in_with_the_invited_address(organisation, lead):
    person = UserFactory(email="Nadia.Benali@haute-savoie.gouv.fr", title="")
    invitation, _ = invite(organisation, lead.user, role=Role.AUDITOR, title="mme")

    membership = accept_invitation(invitation, user=person)

    assert membership.role == Role.AUDITOR
    person.refresh_from_db()
    assert person.title == "mme"  # the invitation filled what the account lacked


def test_another_account_cannot_accept_someone_elses_invitation(organisation, lead):
    invitation, _ = invite(organisation, lead.user)

    with pytest.raises(ValidationError, match="Cette invitation est adressée à"):
        accept_invitation(invitation, user=UserFactory(email="quelquun@example.gouv.fr"))

    assert not Membership.objects.filter(organisation=organisation, role=Role.AGENT).exists()


# --- Roles, suspension, removal -----------------------------------------------------------------


def test_a_role_change_is_recorded_with_its_author(organisation, lead):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT)
    unit = UnitFactory(organisation=organisation)

    change_role(agent, role=Role.QUALITY_CORRESPONDENT, unit=unit, by=lead.user)

    latest = agent.history.first()
    assert (latest.role, latest.unit_id, latest.history_user) == (
        Role.QUALITY_CORRESPONDENT, unit.pk, lead.user,
    )  # fmt: skip


@pytest.mark.parametrize(
    "action",
    [
        lambda m, by: change_role(m, role=Role.AGENT, unit=None, by=by),
        lambda m, by: suspend_member(m, by=by),
        lambda m, by: remove_member(m, by=by),
    ],
    ids=["demote", "suspend", "remove"],
)
def test_the_last_quality_lead_cannot_be_demoted_suspended_or_removed(organisation, lead, action):
    with pytest.raises(ValidationError, match="doit garder au moins un référent"):
        action(lead, None)

    lead.refresh_from_db()
    assert (lead.role, lead.is_suspended) == (Role.QUALITY_LEAD, False)


def test_a_suspended_lead_does_not_count_as_the_remaining_one(organisation, lead):
    other = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    suspend_member(other, by=lead.user)

    with pytest.raises(ValidationError, match="doit garder au moins un référent"):
        remove_member(lead, by=None)


def test_a_suspended_member_can_no_longer_open_the_organisation(client, organisation, lead):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT)
    client.force_login(agent.user)

    suspend_member(agent, by=lead.user)
    response = client.get(reverse("organisations:home", kwargs={"org_code": "pref-74"}))

    assert response.status_code == 403
    assert "Votre accès à l'organisation « Préfecture de la Haute-Savoie » est suspendu" in text(
        response
    )
    assert Membership.objects.filter(pk=agent.pk).exists()  # history and name kept
    reinstate_member(agent, by=lead.user)
    assert (
        client.get(reverse("organisations:home", kwargs={"org_code": "pref-74"})).status_code == 200
    )


def test_removal_keeps_the_account_and_the_history(organisation, lead):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT)

    remove_member(agent, by=lead.user)

    assert User.objects.filter(pk=agent.user_id).exists()
    assert not Membership.objects.filter(pk=agent.pk).exists()
    removal = Membership.history.filter(id=agent.pk).first()
    assert (removal.history_type, removal.history_user) == ("-", lead.user)


def test_the_apps_above_are_told_before_a_member_leaves_and_may_refuse(organisation, lead):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT)
    told = []

    def refuse(membership, *, by, removed):
        told.append((membership.pk, by, removed))
        raise ValidationError("Réattribuez d'abord ses 3 dossiers ouverts.")

    hooks.subscribe_member_leaving(refuse)
    try:
        with pytest.raises(ValidationError, match="Réattribuez d'abord"):
            remove_member(agent, by=lead.user)
    finally:
        hooks._leaving_subscribers.remove(refuse)

    assert told == [(agent.pk, lead.user, True)]
    assert Membership.objects.filter(pk=agent.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_leads_removing_each_other_at_once_leave_one(organisation):
    if not is_postgresql():
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every writer")
    first = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    second = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    pairs = [(first, second), (second, first)]

    results = run_at_once(lambda i: remove_member(pairs[i][1], by=pairs[i][0].user), 2)

    assert sum(result is None for result in results) == 1, results
    assert [type(result) for result in results if result is not None] == [ValidationError]
    remaining = Membership.objects.active().filter(organisation=organisation)
    assert remaining.filter(role=Role.QUALITY_LEAD).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_leads_demoting_each_other_at_once_leave_one(organisation):
    if not is_postgresql():
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every writer")
    first = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    second = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    pairs = [(first, second), (second, first)]

    run_at_once(
        lambda i: change_role(pairs[i][1], role=Role.AGENT, unit=None, by=pairs[i][0].user), 2
    )

    assert Membership.objects.filter(organisation=organisation, role=Role.QUALITY_LEAD).count() == 1
