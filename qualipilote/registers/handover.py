"""People move: the registers' answers to organisations.hooks when someone leaves, and the page
where the quality lead hands all of a person's open records to another person or a unit in one
step (registers.assignment.reassign_open_work, recorded in each record's history)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qualipilote.common.forms import Form
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.hooks import DepartureItem
from qualipilote.organisations.permissions import MANAGE_ORGANISATION

from .assignment import (
    ASSIGNED_MODELS,
    Assignee,
    assign_records,
    assignee_choices,
    open_records_of,
    open_work_count,
    parse_assignee,
    reassign_open_work,
)


def member_leaving(membership, *, by, removed: bool) -> None:
    """A removed member's open records go to their unit (or to nobody when they had none), so
    that no open record stays with someone outside the organisation. A suspension keeps them:
    the person may come back, and the confirmation page offers the handover."""
    if not removed:
        return
    to = Assignee(unit=membership.unit) if membership.unit_id else Assignee()
    reason = f"Départ de {membership.user} : dossiers confiés à " + (
        f"l'unité {membership.unit.name}" if membership.unit_id else "personne"
    )
    for model in ASSIGNED_MODELS:
        assign_records(
            open_records_of(model, membership.organisation, membership.user),
            to,
            by=by,
            reason=reason,
        )


def departure_summary(membership) -> list[DepartureItem]:
    count = open_work_count(membership.organisation, membership.user)
    if not count:
        return []
    plural = "s" if count > 1 else ""
    return [
        DepartureItem(
            text=f"{count} dossier{plural} ouvert{plural} des registres lui "
            f"{'sont' if count > 1 else 'est'} attribué{plural} (sans réassignation, un retrait "
            "les confie à son unité).",
            url=reverse(
                "registers:handover",
                kwargs={"org_code": membership.organisation.code, "pk": membership.pk},
            ),
            link_text="Les confier à quelqu'un d'autre",
        )
    ]


class HandoverForm(Form):
    to = forms.CharField(label="Confier les dossiers ouverts à", max_length=40)

    def __init__(self, *args, organisation, leaving_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.leaving_user = leaving_user
        choices = [
            (value, label)
            for value, label in assignee_choices(organisation)
            if value != Assignee(user=leaving_user).value
        ]
        self.fields["to"].widget = forms.Select(choices=[("", "— Choisir —"), *choices])

    def clean_to(self):
        to = parse_assignee(self.organisation, self.cleaned_data["to"])
        if to.user is not None and to.user.pk == self.leaving_user.pk:
            raise ValidationError("Choisissez une autre personne que celle qui part.")
        return to


@require_ability(MANAGE_ORGANISATION)
def handover(request, org_code, pk):
    organisation = request.organisation
    member = get_object_or_404(organisation.memberships.select_related("user", "unit"), pk=pk)
    form = HandoverForm(request.POST or None, organisation=organisation, leaving_user=member.user)
    if request.method == "POST" and form.is_valid():
        try:
            moved = reassign_open_work(
                organisation, from_user=member.user, to=form.cleaned_data["to"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            plural = "s" if moved > 1 else ""
            messages.success(
                request,
                f"{moved} dossier{plural} de {member.user} confié{plural} à "
                f"{form.cleaned_data['to'].label}.",
            )
            return redirect("organisations:people", org_code=organisation.code)
    return render(
        request,
        "registers/handover.html",
        {
            "page_title": f"Confier les dossiers de {member.user}",
            "member": member,
            "form": form,
            "count": open_work_count(organisation, member.user),
        },
        status=400 if form.errors else 200,
    )
