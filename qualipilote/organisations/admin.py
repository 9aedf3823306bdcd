"""Organisations in the Django admin, for the national administrators.

What moves due dates never changes here (the registers' services recompute them, and this app
sits below the registers): the département, the Whit Monday setting and the closure days are
read-only, with a link to the organisation's "Calendrier des jours ouvrés" page that changes
them. An organisation created here goes through `services.create_organisation`, so it gets every
app's defaults (deadline rules…) as one created by the command does.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin
from qualipilote.common.forms import CleanInputModelForm

from . import services
from .models import ClosureDay, Invitation, Membership, Organisation, ReceptionChannel, Site, Unit
from .services import create_organisation

CALENDAR_FIELDS = ("departement", "whit_monday_worked")


def calendar_link(organisation) -> str:
    url = reverse("registers:calendar", kwargs={"org_code": organisation.code})
    return format_html(
        '<a href="{}">la page « Calendrier des jours ouvrés » de l\'organisation</a> '
        "(les échéances y sont recalculées)",
        url,
    )


class UnitInline(CleanInputAdmin, admin.TabularInline):
    model = Unit
    extra = 0
    # Deleting a unit goes through the structure page (services.delete_unit), which refuses a
    # unit that people, records or the scope still refer to; the inline would cascade instead.
    can_delete = False
    fields = ("code", "name", "kind", "parent", "headcount", "contact_email")


class SiteInline(CleanInputAdmin, admin.TabularInline):
    model = Site
    extra = 0
    can_delete = False  # as for units: services.delete_site, from the structure page


@admin.register(ReceptionChannel)
class ReceptionChannelAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "contact", "organisation")
    list_filter = ("kind", "organisation")
    search_fields = ("name", "contact", "organisation__code")


@admin.register(Organisation)
class OrganisationAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "departement", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = [UnitInline, SiteInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (*CALENDAR_FIELDS, "calendar_changed_on")

    @admin.display(description="calendrier (département, lundi de Pentecôte, fermetures)")
    def calendar_changed_on(self, organisation):
        return calendar_link(organisation)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = create_organisation(
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            departement=obj.departement,
            parent=obj.parent,
        )
        created.whit_monday_worked = obj.whit_monday_worked
        created.personal_data_retention_months = obj.personal_data_retention_months
        created.save(update_fields=["whit_monday_worked", "personal_data_retention_months"])
        obj.pk, obj.created_at = created.pk, created.created_at
        obj._state.adding = False  # the inlines (units, sites) attach to the created row


class MembershipAdminForm(CleanInputModelForm):
    """The role change goes through services.change_role; its refusal (the last quality lead)
    is shown on the form before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("role"):
            try:
                services.check_a_quality_lead_remains(
                    self.instance, still_lead=cleaned["role"] == "quality_lead"
                )
            except ValidationError as refusal:
                self.add_error("role", refusal)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    """Members join through an invitation (below, or the organisation's "Personnes" page);
    here a role or a unit changes and a member is removed, through the services."""

    form = MembershipAdminForm
    list_display = ("user", "organisation", "role", "unit", "suspended_at")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__last_name", "organisation__code")
    fields = ("user", "organisation", "role", "unit", "suspended_at")
    readonly_fields = ("user", "organisation", "suspended_at")
    actions = ["suspend", "reinstate"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """Never the last active quality lead; one at a time (no bulk deletion)."""
        if obj is None:
            return False
        try:
            services.check_a_quality_lead_remains(obj, still_lead=False)
        except ValidationError:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.change_role(obj, role=obj.role, unit=obj.unit, by=request.user)

    def delete_model(self, request, obj):
        services.remove_member(obj, by=request.user)

    def _each(self, request, queryset, action, done: str):
        for membership in queryset:
            try:
                action(membership, by=request.user)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            else:
                self.message_user(request, f"{membership.user} : {done}.")

    @admin.action(description="Suspendre l'accès des appartenances choisies")
    def suspend(self, request, queryset):
        self._each(request, queryset.active(), services.suspend_member, "accès suspendu")

    @admin.action(description="Rétablir l'accès des appartenances choisies")
    def reinstate(self, request, queryset):
        self._each(
            request, queryset.exclude(suspended_at=None), services.reinstate_member, "accès rétabli"
        )


class InvitationAdminForm(CleanInputModelForm):
    class Meta:
        model = Invitation
        fields = ["organisation", "email", "title", "first_name", "last_name", "role", "unit"]

    def clean(self):
        cleaned = super().clean()
        unit, organisation = cleaned.get("unit"), cleaned.get("organisation")
        if unit and organisation and unit.organisation_id != organisation.pk:
            self.add_error("unit", "Choisissez une unité de cette organisation.")
        return cleaned

    def _post_clean(self):
        pass  # the invitation is built and checked by services.invite_member


def _base_url(request) -> str:
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


@admin.register(Invitation)
class InvitationAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    """Invitations are sent, resent and revoked through the services, as on the pages."""

    form = InvitationAdminForm
    list_display = ("email", "organisation", "role", "sent_at", "expires_at", "state")
    list_filter = ("organisation", "role")
    search_fields = ("email", "organisation__code")
    actions = ["resend", "revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (*InvitationAdminForm.Meta.fields, "sent_at", "expires_at", "accepted_at",
                "accepted_by", "revoked_at")  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="état")
    def state(self, invitation):
        return invitation.state(timezone.now())

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        try:
            created, _token = services.invite_member(
                data["organisation"], email=data["email"], role=data["role"], unit=data["unit"],
                title=data["title"], first_name=data["first_name"], last_name=data["last_name"],
                by=request.user, base_url=_base_url(request),
            )  # fmt: skip
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return
        for field in Invitation._meta.concrete_fields:  # the admin logs and links `obj`
            setattr(obj, field.attname, getattr(created, field.attname))

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:  # refused: back to the list, the message says why
            return HttpResponseRedirect(reverse("admin:organisations_invitation_changelist"))
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Renvoyer les invitations choisies (nouveau lien)")
    def resend(self, request, queryset):
        for invitation in queryset.open():
            services.resend_invitation(invitation, by=request.user, base_url=_base_url(request))
            self.message_user(request, f"Nouveau lien envoyé à {invitation.email}.")

    @admin.action(description="Révoquer les invitations choisies")
    def revoke(self, request, queryset):
        for invitation in queryset.open():
            services.revoke_invitation(invitation, by=request.user)
            self.message_user(request, f"Invitation de {invitation.email} révoquée.")


@admin.register(ClosureDay)
class ClosureDayAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("organisation", "date", "label", "changed_on")
    list_filter = ("organisation",)
    readonly_fields = ("changed_on",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="se modifie sur")
    def changed_on(self, closure):
        return calendar_link(closure.organisation)
