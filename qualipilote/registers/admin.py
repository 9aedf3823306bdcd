"""The registers in the Django admin, for the national administrators.

No admin path may leave a due date out of step with the rules (see each class):
- deadline rules are read-only here: a rule edited in place has no meaning for the registers
  (services.change_deadline splits periods and never rewrites the past); the organisation's
  "Délais de réponse" page changes them through the service;
- records are saved through their model, which recomputes their deadline figures (read-only
  here) and tells the indicators; deletions go through services.delete_records, which tells the
  indicators the months that lost records;
- an anonymised author stays anonymised; the reference counters have no admin at all.
Closure days and the organisation's calendar settings: organisations/admin.py.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from . import services
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
class DeadlineRuleAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = (
        "organisation",
        "register",
        "working_days",
        "valid_from",
        "valid_until",
        "changed_on",
    )
    list_filter = ("register", "organisation")
    readonly_fields = ("changed_on",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="se modifie sur")
    def changed_on(self, rule):
        url = reverse("registers:deadline_rules", kwargs={"org_code": rule.organisation.code})
        return format_html('<a href="{}">la page « Délais de réponse » de l\'organisation</a>', url)


@admin.register(SamplingPlan)
class SamplingPlanAdmin(CleanInputAdmin, SimpleHistoryAdmin):
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


class RecordAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("organisation", "received_on", "due_on", "answered_on", "on_time")
    list_filter = ("organisation", "on_time", "in_scope")
    date_hierarchy = "received_on"
    readonly_fields = COMPUTED
    raw_id_fields = ("unit", "assigned_to", "assigned_unit")

    def delete_model(self, request, obj):
        services.delete_records(type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_records(queryset)


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
class FeedbackAuthorAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("feedback", "consent_given", "anonymised_at")
    readonly_fields = ("anonymised_at",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.anonymised_at:  # the purge is final
            return (*FeedbackAuthor.PERSONAL_FIELDS, "consent_given", "anonymised_at")
        return self.readonly_fields
