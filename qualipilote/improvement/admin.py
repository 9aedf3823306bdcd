"""Admin: actions, audits and findings are read here (with their history); they change through
the pages, the API and the services. The one write, closing findings, goes through
audits.set_finding_status, so the nonconformity rule holds here too."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from . import audits
from .models import Action, Audit, Finding, Milestone


class ReadOnlyAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "organisation", "owner", "due_on", "status")
    list_filter = ("status", "kind", "source", "organisation")
    search_fields = ("reference", "title")
    list_select_related = ("organisation", "owner")


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "kind", "starts_on", "ends_on", "auditors")
    list_filter = ("kind", "organisation")
    list_select_related = ("organisation",)
    exclude = ("report",)


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "audit", "grade", "status")
    list_filter = ("status", "grade")
    list_select_related = ("audit__version", "commitment")
    actions = ["close_findings"]

    @admin.action(description="Clore les constats sélectionnés (règle des non-conformités)")
    def close_findings(self, request, queryset):
        closed = 0
        for finding in queryset.select_related("audit__version", "commitment"):
            try:
                audits.set_finding_status(finding, "closed", user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{finding} : {' '.join(error.messages)}", level=messages.ERROR
                )
            else:
                closed += 1
        if closed:
            self.message_user(request, f"{closed} constat(s) clos.")


@admin.register(Milestone)
class MilestoneAdmin(CleanInputAdmin, admin.ModelAdmin):
    """Read here; typed and removed on the calendar page (milestones.add_milestone checks the
    date's range)."""

    list_display = ("title", "organisation", "kind", "on")
    list_filter = ("kind", "organisation")
    list_select_related = ("organisation",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
