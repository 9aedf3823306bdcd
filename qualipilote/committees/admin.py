"""Admin: committees and meetings are read here (with their history); they change through the
pages and the services, so that a decision is never saved without its action."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import Committee, Decision, Meeting


class ReadOnlyAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "kind", "chair")
    list_filter = ("kind", "organisation")
    list_select_related = ("organisation", "chair")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "held_on", "status")
    list_filter = ("status", "committee__kind", "committee__organisation")
    list_select_related = ("committee",)
    exclude = ("minutes_file",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "meeting", "action")
    list_select_related = ("meeting__committee", "action")
