from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Correspondence,
    DeadlineRule,
    Feedback,
    FeedbackAuthor,
    SamplingPlan,
    UpdateRequest,
)

COMPUTED = ("due_on", "deadline_days", "working_days_taken", "on_time", "sampled")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "register", "working_days", "valid_from", "valid_until")
    list_filter = ("register", "organisation")


@admin.register(SamplingPlan)
class SamplingPlanAdmin(SimpleHistoryAdmin):
    """Read-only: a plan is set or stopped on the organisation's sampling page, whose service
    recomputes the records it flags (registres/echantillonnage/)."""

    list_display = ("organisation", "register", "week", "valid_from", "valid_until")
    list_filter = ("register", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "received_on", "due_on", "answered_on", "on_time")
    list_filter = ("organisation", "on_time", "in_scope")
    date_hierarchy = "received_on"
    readonly_fields = COMPUTED
    raw_id_fields = ("unit",)


@admin.register(Correspondence)
class CorrespondenceAdmin(RecordAdmin):
    list_display = ("organisation", "channel", *RecordAdmin.list_display[1:])


@admin.register(Feedback)
class FeedbackAdmin(RecordAdmin):
    list_display = ("reference", "organisation", "kind", "source", *RecordAdmin.list_display[1:])
    readonly_fields = ("reference", *COMPUTED)


@admin.register(UpdateRequest)
class UpdateRequestAdmin(RecordAdmin):
    list_display = ("organisation", "target", *RecordAdmin.list_display[1:])


@admin.register(FeedbackAuthor)
class FeedbackAuthorAdmin(SimpleHistoryAdmin):
    list_display = ("feedback", "consent_given", "anonymised_at")
    readonly_fields = ("anonymised_at",)
