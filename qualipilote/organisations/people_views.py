"""People of an organisation (the quality lead's pages: invite, change a role, suspend, remove,
resend or revoke an invitation, history) and the invitation link itself (anyone holding it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import hooks, services
from .access import require_ability
from .forms import InvitationForm, InvitationPasswordForm, MemberForm
from .history import organisation_history
from .models import Membership
from .permissions import MANAGE_ORGANISATION
from .structure_views import _apply


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _people(request):
    return redirect("organisations:people", org_code=request.organisation.code)


@require_ability(MANAGE_ORGANISATION)
def people(request, org_code):
    organisation = request.organisation
    now = timezone.now()
    members = organisation.memberships.select_related("user", "unit").order_by(
        "suspended_at", "role", "user__last_name", "user__first_name"
    )
    invitations = organisation.invitations.open().select_related("unit", "invited_by")
    return render(
        request,
        "organisations/people.html",
        {
            "page_title": "Personnes",
            "members": members,
            "invitations": [(invitation, invitation.is_expired(now)) for invitation in invitations],
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


@require_ability(MANAGE_ORGANISATION)
def invite(request, org_code):
    organisation = request.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _apply(
            form,
            lambda: services.invite_member(
                organisation,
                email=data["email"],
                role=data["role"],
                unit=data["unit"],
                title=data["title"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                by=request.user,
                base_url=_base_url(request),
            ),
        )
        if done:
            messages.success(
                request,
                f"L'invitation est envoyée à {services.normalise_email(data['email'])} ; "
                f"son lien est valable {settings.INVITATION_VALID_DAYS} jours.",
            )
            return _people(request)
    return render(
        request,
        "organisations/invite.html",
        {"page_title": "Inviter une personne", "form": form},
    )


def _member(request, pk) -> Membership:
    return get_object_or_404(request.organisation.memberships.select_related("user", "unit"), pk=pk)


@require_ability(MANAGE_ORGANISATION)
def member_edit(request, org_code, pk):
    member = _member(request, pk)
    initial = {"role": member.role, "unit": member.unit_id}
    form = MemberForm(request.POST or None, initial=initial, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        role, unit = form.cleaned_data["role"], form.cleaned_data["unit"]
        if _apply(
            form, lambda: services.change_role(member, role=role, unit=unit, by=request.user)
        ):
            member.refresh_from_db()
            messages.success(request, f"{member.user} est désormais {member.role_label.lower()}.")
            return _people(request)
    return render(
        request,
        "organisations/member_form.html",
        {"page_title": f"Rôle de {member.user}", "form": form, "member": member},
    )


def _departure(request, pk, *, action, removed: bool):
    """Confirmation page (with what the apps say the person still holds), then the action."""
    member = _member(request, pk)
    error = None
    if request.method == "POST":
        try:
            action(member, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            if removed:
                messages.success(request, f"{member.user} ne fait plus partie de l'organisation.")
            else:
                messages.success(
                    request,
                    f"L'accès de {member.user} est suspendu : son nom reste sur ce qu'il ou elle "
                    "a fait ; vous pouvez le rétablir.",
                )
            return _people(request)
    return render(
        request,
        "organisations/member_departure.html",
        {
            "page_title": f"{'Retirer' if removed else 'Suspendre'} {member.user}",
            "member": member,
            "removed": removed,
            "summary": hooks.departure_summary(member),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_ability(MANAGE_ORGANISATION)
def member_suspend(request, org_code, pk):
    return _departure(request, pk, action=services.suspend_member, removed=False)


@require_ability(MANAGE_ORGANISATION)
def member_remove(request, org_code, pk):
    return _departure(request, pk, action=services.remove_member, removed=True)


@require_POST
@require_ability(MANAGE_ORGANISATION)
def member_reinstate(request, org_code, pk):
    member = _member(request, pk)
    try:
        services.reinstate_member(member, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"L'accès de {member.user} est rétabli.")
    return _people(request)


def _invitation(request, pk):
    return get_object_or_404(request.organisation.invitations.open(), pk=pk)


@require_POST
@require_ability(MANAGE_ORGANISATION)
def invitation_resend(request, org_code, pk):
    invitation = _invitation(request, pk)
    try:
        services.resend_invitation(invitation, by=request.user, base_url=_base_url(request))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            f"Un nouveau lien est envoyé à {invitation.email}, valable "
            f"{settings.INVITATION_VALID_DAYS} jours ; le précédent ne fonctionne plus.",
        )
    return _people(request)


@require_POST
@require_ability(MANAGE_ORGANISATION)
def invitation_revoke(request, org_code, pk):
    invitation = _invitation(request, pk)
    try:
        services.revoke_invitation(invitation, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"L'invitation de {invitation.email} est révoquée.")
    return _people(request)


@require_ability(MANAGE_ORGANISATION)
def history(request, org_code):
    return render(
        request,
        "organisations/history.html",
        {
            "page_title": "Historique de l'organisation",
            "rows": organisation_history(request.organisation),
        },
    )


# --- The invitation link ------------------------------------------------------------------------


def accept(request, token):
    """Opened from the e-mail. Signed in with the invited address: join. Not signed in: sign in
    with ProConnect (the invitation is matched by e-mail), sign in to an existing account, or
    create one with a password."""
    try:
        invitation = services.usable_invitation(token)
    except services.InvitationUnusable as unusable:
        return render(
            request,
            "organisations/invitation_unusable.html",
            {"page_title": "Invitation", "reason": str(unusable)},
            status=410,
        )
    user = request.user
    has_account = services.account_exists(invitation.email)
    form = None
    error = None
    if user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(invitation, user=user)
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                return _welcome(request, invitation)
    elif not has_account:
        form = InvitationPasswordForm(request.POST or None, invitation=invitation)
        if request.method == "POST" and form.is_valid():
            password = form.cleaned_data["password1"]
            created = []
            if _apply(
                form,
                lambda: created.append(
                    services.accept_invitation_with_password(invitation, password=password)
                ),
            ):
                auth.login(request, created[0], backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, invitation)
    return render(
        request,
        "organisations/invitation_accept.html",
        {
            "page_title": f"Invitation — {invitation.organisation.name}",
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "error": error,
            "email_matches": user.is_authenticated
            and services.normalise_email(user.email) == invitation.email,
        },
        status=400 if error else 200,
    )


def _welcome(request, invitation):
    messages.success(
        request,
        f"Bienvenue {invitation.organisation.name_with_a} : vous y êtes "
        f"{invitation.role_label.lower()}.",
    )
    return redirect("organisations:home", org_code=invitation.organisation.code)
