"""Read-only admin: self-assessments and evidence change through services (history, scope and
file checks), never by hand. Evidence files are not linked here: they are served only by the
organisation's download view."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import Evidence, SelfAssessment


class ReadOnlyAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "commitment", "status", "assessed_by", "assessed_at")
    list_filter = ("organisation", "status")
    list_select_related = ("organisation", "commitment", "assessed_by")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "assessment", "size", "added_by", "added_at")
    list_filter = ("kind",)
    exclude = ("file",)
    list_select_related = ("assessment__commitment", "added_by")
