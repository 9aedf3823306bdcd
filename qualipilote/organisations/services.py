"""Named, atomic actions on organisations and read helpers: creation and bulk import; the
structure (units, sites, reception channels); people (invitations, roles, suspension, removal)
and sign-in through ProConnect. Every path (pages, admin, commands, ProConnect) goes through
them. Each action records its author in the history (django-simple-history) and refuses bad
input with a French ValidationError before writing anything.

Who may act is decided by the views (organisations.access); the people actions still check,
inside their lock, that a member acting is still allowed to (two quality leads removing each
other at the same instant). An organisation always keeps at least one active quality lead.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from qualipilote.common.tabular import ImportRejected, RowError, read_table

from . import hooks
from .enums import OrganisationKind, Role
from .models import (
    Invitation,
    Membership,
    Organisation,
    ReceptionChannel,
    Site,
    Unit,
    short_code_of,
)
from .permissions import MANAGE_ORGANISATION


@transaction.atomic
def create_organisation(
    *,
    code: str,
    name: str,
    kind: str,
    departement: str,
    parent: Organisation | None = None,
) -> Organisation:
    """Creates an organisation with the defaults every new organisation gets.

    Each app that has defaults (deadline rules, indicator settings…) declares a
    `provision_organisation(organisation)` method on its AppConfig; they all run here, in the
    same transaction, so an organisation never exists half set up.
    """
    organisation = Organisation(
        code=code, name=name, kind=kind, departement=departement, parent=parent
    )
    organisation.full_clean()
    organisation.save()
    for config in apps.get_app_configs():
        provision = getattr(config, "provision_organisation", None)
        if provision is not None:
            provision(organisation)
    return organisation


def unit_tree(organisation: Organisation) -> list[tuple[Unit, int]]:
    """The units in chart order, each with its depth (0 for a direction at the top)."""
    units = list(organisation.units.all().order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


ORGANISATION_COLUMNS = ["code", "nom", "type", "departement", "parent"]
KIND_BY_LABEL = {
    **{value: value for value in OrganisationKind.values},
    "prefecture": OrganisationKind.PREFECTURE,
    "sous-prefecture": OrganisationKind.SUB_PREFECTURE,
    "sgcd": OrganisationKind.SHARED_SERVICES,
    "ddi": OrganisationKind.INTERMINISTERIAL_DIRECTORATE,
}


def import_organisations(raw: bytes, filename: str = "organisations.csv") -> list[Organisation]:
    """Creates many organisations from a CSV or XLSX file
    (columns `code`, `nom`, `type`, `departement`, `parent`), all or none.

    A parent may be an existing organisation or one created earlier in the same file.
    """
    table = read_table(raw, filename)
    table.require_columns(ORGANISATION_COLUMNS)
    errors: list[RowError] = []
    known_codes = set(Organisation.objects.values_list("code", flat=True))
    seen: set[str] = set()
    seen_short_codes: dict[str, str] = {}
    for line, row in table.rows:
        code = str(row["code"])
        kind = KIND_BY_LABEL.get(str(row["type"]).lower())
        if kind is None:
            errors.append(RowError(line, "type", f"type inconnu « {row['type']} »."))
        if code in seen or code in known_codes:
            errors.append(RowError(line, "code", f"le code « {code} » existe déjà."))
        elif short_code_of(code) in seen_short_codes:
            errors.append(
                RowError(
                    line,
                    "code",
                    f"« {code} » donnerait les mêmes références publiques que "
                    f"« {seen_short_codes[short_code_of(code)]} » plus haut dans le fichier.",
                )
            )
        parent = str(row["parent"])
        if parent and parent not in known_codes and parent not in seen:
            errors.append(RowError(line, "parent", f"organisation « {parent} » inconnue."))
        candidate = Organisation(
            code=code, name=str(row["nom"]), kind=kind or "", departement=str(row["departement"])
        )
        try:
            candidate.full_clean(exclude=["parent", "kind"], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = {"name": "nom"}.get(field, field)
                errors.extend(RowError(line, column, message) for message in messages)
        seen.add(code)
        seen_short_codes.setdefault(short_code_of(code), code)
    if errors:
        raise ImportRejected(errors)
    created: list[Organisation] = []
    with transaction.atomic():
        by_code = {}
        for _line, row in table.rows:
            parent_code = str(row["parent"])
            parent = None
            if parent_code:
                parent = by_code.get(parent_code) or Organisation.objects.get(code=parent_code)
            organisation = create_organisation(
                code=str(row["code"]),
                name=str(row["nom"]),
                kind=KIND_BY_LABEL[str(row["type"]).lower()],
                departement=str(row["departement"]),
                parent=parent,
            )
            by_code[organisation.code] = organisation
            created.append(organisation)
    return created


# --- Structure: units, sites, reception channels ------------------------------------------------


def _save(item, by):
    """Checks the whole object (its own rules, uniqueness) and saves it, author in history."""
    item.full_clean()
    item._history_user = by
    item.save()
    return item


def _references(item) -> list[str]:
    """What still points at `item`, as "3 courriels et courriers": every relation of every app
    (registers, scope…) found through Django's model graph, so that a new app that refers to
    units is counted without being named here."""
    found = []
    for relation in item._meta.related_objects:
        model = relation.related_model
        queryset = model._base_manager.filter(**{relation.field.name: item})
        if model is Invitation:
            queryset = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        count = queryset.count()
        if count:
            noun = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            found.append(f"{count} {noun}")
    return found


def _delete(item, subject: str, by) -> None:
    """Deletes `item` when nothing refers to it. `subject` names it in the refusal: "L'unité
    « Bureau des usagers » ne peut pas être supprimée"."""
    references = _references(item)
    if references:
        raise ValidationError(
            f"{subject} : {', '.join(references)} y "
            f"{'font' if len(references) > 1 else 'fait'} encore référence. "
            "Rattachez-les ailleurs ou supprimez-les d'abord."
        )
    item._history_user = by
    try:
        item.delete()
    except ProtectedError as error:  # something came to refer to it in the meantime
        raise ValidationError(f"{subject} : il est encore utilisé.") from error


@transaction.atomic
def save_unit(unit: Unit, *, by=None) -> Unit:
    """Creates or changes a unit (its parent moves it in the tree; never under itself)."""
    return _save(unit, by)


@transaction.atomic
def delete_unit(unit: Unit, *, by=None) -> None:
    """Deletes a unit that nothing refers to: no sub-unit, person, record or scope."""
    _delete(unit, f"L'unité « {unit} » ne peut pas être supprimée", by)


@transaction.atomic
def save_site(site: Site, *, by=None) -> Site:
    return _save(site, by)


@transaction.atomic
def delete_site(site: Site, *, by=None) -> None:
    _delete(site, f"Le site « {site} » ne peut pas être supprimé", by)


@transaction.atomic
def save_channel(channel: ReceptionChannel, *, by=None) -> ReceptionChannel:
    return _save(channel, by)


@transaction.atomic
def delete_channel(channel: ReceptionChannel, *, by=None) -> None:
    _delete(channel, f"Le canal « {channel} » ne peut pas être supprimé", by)


# --- People: invitations --------------------------------------------------------------------------


def invitation_valid_days() -> int:
    return settings.INVITATION_VALID_DAYS


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def invitation_url(base_url: str, token: str) -> str:
    """The absolute address of the link sent; `base_url` is the site's (https://host)."""
    return base_url.rstrip("/") + reverse("invitations:accept", kwargs={"token": token})


def _lock_organisation(organisation: Organisation) -> Organisation:
    """Serialises the people actions of one organisation (PostgreSQL row lock; SQLite's
    IMMEDIATE transactions already serialise every writer)."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _check_actor(organisation: Organisation, by) -> None:
    """A member acting must still be an active member allowed to manage, read inside the lock.
    The Django admin (a superuser) and the commands (no user) act as administrators."""
    if by is None or by.is_superuser:
        return
    membership = Membership.objects.filter(user=by, organisation=organisation).first()
    if membership is None or not membership.can(MANAGE_ORGANISATION):
        raise ValidationError(
            "Votre rôle ne vous permet plus de gérer les personnes de cette organisation."
        )


def _check_unit(organisation: Organisation, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Choisissez une unité de cette organisation."})


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"Le rôle « {role} » n'existe pas."})


def _send_invitation(invitation: Invitation, token: str, base_url: str) -> None:
    """Sent inside the action's transaction: if the mail server refuses it, nothing is saved
    and the quality lead sees the error, instead of an invitation nobody received."""
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "url": invitation_url(base_url, token),
        "expires_on": date_format(timezone.localtime(invitation.expires_at), "j F Y à H\\hi"),
        "proconnect_enabled": settings.PROCONNECT_ENABLED,
    }
    send_mail(
        subject=f"Invitation à rejoindre {invitation.organisation.name_with_article} dans Qualipilote",
        message=render_to_string("organisations/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def _new_token(invitation: Invitation, now) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_digest = _digest(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=invitation_valid_days())
    return token


@transaction.atomic
def invite_member(
    organisation: Organisation,
    *,
    email: str,
    role: str,
    unit: Unit | None = None,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    by=None,
    base_url: str,
) -> tuple[Invitation, str]:
    """Invites `email` into the organisation with `role` (and `unit`); sends the link by e-mail.

    Returns the invitation and the token of its link (shown nowhere else: only its digest is
    stored). Refused when the address is already a member, or already has an open invitation
    (resend that one)."""
    organisation = _lock_organisation(organisation)
    _check_actor(organisation, by)
    email = normalise_email(email)
    _check_role(role)
    _check_unit(organisation, unit)
    member = (
        Membership.objects.filter(organisation=organisation, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    if member is not None:
        state = " (suspendu·e)" if member.is_suspended else ""
        raise ValidationError(
            {"email": f"{member.user} ({email}) est déjà membre de l'organisation{state}."}
        )
    now = timezone.now()
    waiting = organisation.invitations.open().filter(email=email).first()
    if waiting is not None:
        sent = date_format(timezone.localtime(waiting.sent_at), "j F Y")
        if waiting.is_expired(now):
            message = (
                f"L'invitation envoyée le {sent} à cette adresse a expiré : renvoyez-la depuis la "
                "liste des personnes."
            )
        else:
            message = (
                f"Une invitation est déjà en attente pour cette adresse (envoyée le {sent}) : "
                "renvoyez-la ou révoquez-la depuis la liste des personnes."
            )
        raise ValidationError({"email": message})
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        unit=unit,
        title=title,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        invited_by=by,
    )
    token = _new_token(invitation, now)
    invitation.full_clean()
    invitation._history_user = by
    invitation.save()
    _send_invitation(invitation, token, base_url)
    return invitation, token


def _lock_open_invitation(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    if locked.accepted_at or locked.revoked_at:
        raise ValidationError(f"Cette invitation est déjà {locked.state(timezone.now())}.")
    return locked


@transaction.atomic
def resend_invitation(invitation: Invitation, *, by=None, base_url: str) -> str:
    """Sends a new link (the previous one stops working) valid for the full period again."""
    invitation = _lock_open_invitation(invitation)
    _check_actor(invitation.organisation, by)
    token = _new_token(invitation, timezone.now())
    invitation._history_user = by
    invitation.save()
    _send_invitation(invitation, token, base_url)
    return token


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by=None) -> Invitation:
    invitation = _lock_open_invitation(invitation)
    _check_actor(invitation.organisation, by)
    invitation.revoked_at = timezone.now()
    invitation._history_user = by
    invitation.save()
    return invitation


class InvitationUnusable(Exception):
    """The link cannot be used; `str(error)` says why, in French, to the person who opened it."""


def usable_invitation(token: str) -> Invitation:
    """The open, unexpired invitation of this link, or InvitationUnusable saying why not."""
    invitation = (
        Invitation.objects.select_related("organisation", "unit")
        .filter(token_digest=_digest(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable(
            "Ce lien d'invitation n'est pas valide : il a peut-être été remplacé par un envoi "
            "plus récent. Utilisez le dernier message reçu, ou demandez une nouvelle invitation."
        )
    now = timezone.now()
    if invitation.accepted_at:
        raise InvitationUnusable(
            "Cette invitation a déjà servi : un lien d'invitation ne s'utilise qu'une fois. "
            "Connectez-vous avec votre compte."
        )
    if invitation.revoked_at:
        raise InvitationUnusable(
            "Cette invitation a été révoquée. Demandez une nouvelle invitation au référent "
            "qualité de l'organisation."
        )
    if invitation.is_expired(now):
        expired = date_format(timezone.localtime(invitation.expires_at), "j F Y")
        raise InvitationUnusable(
            f"Cette invitation a expiré le {expired}. Demandez au référent qualité "
            f"{invitation.organisation.name_with_de} de vous la renvoyer."
        )
    return invitation


def _join(invitation: Invitation, user) -> Membership | None:
    """Gives `user` the invited role; marks the invitation accepted. Called with the invitation
    locked. None when the person is already a member (the invitation is then simply used)."""
    now = timezone.now()
    membership = None
    if not Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
        membership = Membership(
            user=user, organisation=invitation.organisation, role=invitation.role
        )
        membership.unit = invitation.unit
        membership._history_user = user
        membership.save()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation._history_user = user
    invitation.save()
    return membership


def _complete_profile(user, invitation: Invitation) -> None:
    """What the invitation knew of the person fills what their account lacks."""
    changed = []
    for field in ("first_name", "last_name", "title"):
        if not getattr(user, field) and getattr(invitation, field):
            setattr(user, field, getattr(invitation, field))
            changed.append(field)
    if changed:
        user.save(update_fields=changed)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user) -> Membership | None:
    """`user` (signed in, with the invited address) joins the organisation. Single use."""
    invitation = _lock_open_invitation(invitation)
    if invitation.is_expired(timezone.now()):
        raise ValidationError("Cette invitation a expiré.")
    if normalise_email(user.email) != invitation.email:
        raise ValidationError(
            f"Cette invitation est adressée à {invitation.email}, et vous êtes connecté·e avec "
            f"le compte de {user.email or user.username} : déconnectez-vous, puis rouvrez le lien."
        )
    _complete_profile(user, invitation)
    return _join(invitation, user)


def account_exists(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=normalise_email(email)).exists()


def _username_for(email: str) -> str:
    """The e-mail address (what people remember), made unique if an account already uses it."""
    User = get_user_model()
    base = email[:140]
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _create_user(email: str, **fields):
    User = get_user_model()
    user = User(username=_username_for(email), email=email, **fields)
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def accept_invitation_with_password(invitation: Invitation, *, password: str):
    """Creates the account of an invited person who has none, with the password they chose
    (already checked by Django's password validators in the form), and joins. Single use."""
    invitation = _lock_open_invitation(invitation)
    if invitation.is_expired(timezone.now()):
        raise ValidationError("Cette invitation a expiré.")
    if get_user_model().objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            "Un compte existe déjà pour cette adresse : connectez-vous pour accepter l'invitation."
        )
    user = _create_user(
        invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        title=invitation.title,
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    _join(invitation, user)
    return user


# --- People: roles, suspension, removal -----------------------------------------------------------


def _lock_membership(membership: Membership) -> tuple[Organisation, Membership]:
    organisation = _lock_organisation(membership.organisation)
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise ValidationError("Cette personne n'est plus membre de l'organisation.")
    return organisation, locked


def check_a_quality_lead_remains(membership: Membership, *, still_lead: bool) -> None:
    """Refuses to leave the organisation without an active quality lead."""
    if still_lead or membership.role != Role.QUALITY_LEAD or membership.is_suspended:
        return
    others = (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role=Role.QUALITY_LEAD)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            f"{membership.user} est {membership.role_label.lower()} et la seule personne à "
            "l'être : l'organisation doit garder au moins un référent ou une référente qualité. "
            "Donnez d'abord ce rôle à quelqu'un d'autre."
        )


@transaction.atomic
def change_role(membership: Membership, *, role: str, unit: Unit | None, by=None) -> Membership:
    """Changes a member's role and unit."""
    organisation, membership = _lock_membership(membership)
    _check_actor(organisation, by)
    _check_role(role)
    _check_unit(organisation, unit)
    check_a_quality_lead_remains(membership, still_lead=role == Role.QUALITY_LEAD)
    membership.role = role
    membership.unit = unit
    membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def set_arrival_date(membership: Membership, arrival_date, *, by=None) -> Membership:
    """Records the day the person joined the service (None: unknown). The caller checks that
    `by` may do it (the training app asks MANAGE_TRAINING)."""
    _organisation, membership = _lock_membership(membership)
    membership.arrival_date = arrival_date
    membership._history_user = by
    membership.save(update_fields=["arrival_date"])
    return membership


@transaction.atomic
def suspend_member(membership: Membership, *, by=None) -> Membership:
    """The person can no longer open the organisation; their name stays on what they did, and
    `reinstate_member` gives the access back. Apps holding their work are told first (hooks)."""
    organisation, membership = _lock_membership(membership)
    _check_actor(organisation, by)
    if membership.is_suspended:
        raise ValidationError(f"L'accès de {membership.user} est déjà suspendu.")
    check_a_quality_lead_remains(membership, still_lead=False)
    hooks.announce_member_leaving(membership, by=by, removed=False)
    membership.suspended_at = timezone.now()
    membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def reinstate_member(membership: Membership, *, by=None) -> Membership:
    organisation, membership = _lock_membership(membership)
    _check_actor(organisation, by)
    membership.suspended_at = None
    membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by=None) -> None:
    """Removes the person from the organisation (their account stays, as does the history of
    the membership). Apps holding their work are told first (hooks)."""
    organisation, membership = _lock_membership(membership)
    _check_actor(organisation, by)
    check_a_quality_lead_remains(membership, still_lead=False)
    hooks.announce_member_leaving(membership, by=by, removed=True)
    membership._history_user = by
    membership.delete()


# --- Sign-in through ProConnect -----------------------------------------------------------------


class SignInRefused(Exception):
    """A ProConnect identity that may not enter; `str(error)` is the French reason shown."""


@dataclass(frozen=True)
class ProConnectIdentity:
    """What ProConnect says of the person (claims of the userinfo)."""

    sub: str
    email: str
    given_name: str = ""
    usual_name: str = ""

    @classmethod
    def from_claims(cls, claims: dict) -> ProConnectIdentity:
        def text(name: str, limit: int) -> str:
            value = claims.get(name)
            return value.strip()[:limit] if isinstance(value, str) else ""

        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.strip() or len(sub) > 255:
            raise SignInRefused("ProConnect n'a pas transmis d'identifiant utilisable.")
        return cls(
            sub=sub,
            email=normalise_email(text("email", 254)),
            given_name=text("given_name", 150),
            usual_name=text("usual_name", 150),
        )


def _known_account(identity: ProConnectIdentity):
    """The account of this identity: by `sub` once linked; at the first sign-in, by e-mail an
    existing account that already belongs to an organisation (never an administrator's, which
    keep their password)."""
    User = get_user_model()
    user = User.objects.select_for_update().filter(proconnect_sub=identity.sub).first()
    if user is not None or not identity.email:
        return user
    candidates = list(
        User.objects.select_for_update().filter(
            email__iexact=identity.email,
            proconnect_sub__isnull=True,
            is_staff=False,
            is_superuser=False,
        )
    )
    members = [
        user for user in candidates if user.is_national_reader or user.memberships.active().exists()
    ]
    if len(members) > 1:
        raise SignInRefused(
            f"Plusieurs comptes Qualipilote portent l'adresse {identity.email} : demandez à "
            "l'administrateur de Qualipilote de les réunir avant de vous connecter avec ProConnect."
        )
    return members[0] if members else None


@transaction.atomic
def sign_in_with_proconnect(identity: ProConnectIdentity):
    """The Qualipilote account of a ProConnect identity, after its pending invitations (sent to
    its e-mail address) are accepted. Refused (SignInRefused, nothing written) for an identity
    that no account and no invitation expects: nobody enters an organisation uninvited."""
    now = timezone.now()
    user = _known_account(identity)
    invitations = []
    if identity.email:
        invitations = list(
            Invitation.objects.select_for_update(of=("self",))
            .pending(now)
            .filter(email=identity.email)
            .select_related("organisation", "unit")
        )
    if user is None and not invitations:
        raise SignInRefused(
            f"Votre identité ProConnect ({identity.email or 'sans adresse électronique'}) "
            "n'est attendue par aucune organisation de Qualipilote : aucune invitation n'est en "
            "attente pour cette adresse. Demandez au référent qualité de votre service de vous "
            "inviter, puis reconnectez-vous."
        )
    if user is not None and not user.is_active:
        raise SignInRefused("Ce compte Qualipilote est désactivé.")
    if user is None:
        first = invitations[0]
        user = _create_user(identity.email, title=first.title)
    user.proconnect_sub = identity.sub
    if identity.email:
        user.email = identity.email
    user.first_name = identity.given_name or user.first_name
    user.last_name = identity.usual_name or user.last_name
    user.save()
    for invitation in invitations:
        _complete_profile(user, invitation)
        _join(invitation, user)
    return user


@transaction.atomic
def grant_cross_audit_access(organisation: Organisation, user, *, by=None) -> Membership:
    """Lets `user`, the quality lead of another organisation, into `organisation` with the role
    limited to the mystery-shopper campaigns they are assigned to (Role.CROSS_AUDITOR). Kept
    when they already hold it; refused when they are already a member with another role (they
    would see more than the campaign) or lead no other organisation."""
    organisation = _lock_organisation(organisation)
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        if existing.role == Role.CROSS_AUDITOR and not existing.is_suspended:
            return existing
        raise ValidationError(
            {
                "cross_auditor": f"{user} est déjà membre de {organisation.name} : un audit croisé "
                "est mené par le référent qualité d'une autre organisation."
            }
        )
    leads_elsewhere = (
        Membership.objects.active()
        .filter(user=user, role=Role.QUALITY_LEAD)
        .exclude(organisation=organisation)
        .exists()
    )
    if not leads_elsewhere:
        raise ValidationError(
            {"cross_auditor": f"{user} n'est référent·e qualité d'aucune autre organisation."}
        )
    membership = Membership(user=user, organisation=organisation, role=Role.CROSS_AUDITOR)
    membership._history_user = by
    membership._change_reason = "Audit croisé (enquête mystère)"
    membership.save()
    return membership
