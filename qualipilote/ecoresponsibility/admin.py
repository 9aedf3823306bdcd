"""Admin: eco-responsibility records are read here (with their history); they change through
the pages, the import and the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import BegesReport, EcoAction, EcoFigure, StaffInitiative


class ReadOnlyAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EcoAction)
class EcoActionAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "area", "owner", "due_on", "status")
    list_filter = ("area", "status", "organisation")
    list_select_related = ("organisation", "owner")


@admin.register(EcoFigure)
class EcoFigureAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "area", "value")
    list_filter = ("area", "year", "organisation")
    list_select_related = ("organisation",)


@admin.register(BegesReport)
class BegesReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "emissions_tco2e")
    list_filter = ("organisation",)
    list_select_related = ("organisation",)


@admin.register(StaffInitiative)
class StaffInitiativeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "area", "status", "proposed_on")
    list_filter = ("area", "status", "organisation")
    list_select_related = ("organisation", "proposed_by")
