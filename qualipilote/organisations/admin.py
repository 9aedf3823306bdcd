from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import ClosureDay, Membership, Organisation, Site, Unit


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


@admin.register(Membership)
class MembershipAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("user", "organisation", "role", "unit")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__last_name", "organisation__code")


@admin.register(ClosureDay)
class ClosureDayAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("organisation", "date", "label")
    list_filter = ("organisation",)
