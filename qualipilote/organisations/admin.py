"""Organisations in the Django admin, for the national administrators.

What moves due dates never changes here (the registers' services recompute them, and this app
sits below the registers): the département, the Whit Monday setting and the closure days are
read-only, with a link to the organisation's "Calendrier des jours ouvrés" page that changes
them. An organisation created here goes through `services.create_organisation`, so it gets every
app's defaults (deadline rules…) as one created by the command does.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import ClosureDay, Membership, Organisation, Site, Unit
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
    fields = ("code", "name", "kind", "parent", "headcount", "contact_email")


class SiteInline(CleanInputAdmin, admin.TabularInline):
    model = Site
    extra = 0


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


@admin.register(Membership)
class MembershipAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("user", "organisation", "role", "unit")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__last_name", "organisation__code")


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
