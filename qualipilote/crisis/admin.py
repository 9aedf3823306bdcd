from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import (
    Contact,
    CrisisEvent,
    CrisisStep,
    LessonItem,
    LessonsLearned,
    MessageTemplate,
    OnCallShift,
)


class CrisisStepInline(CleanInputAdmin, admin.TabularInline):
    """Read only: steps are recorded through services.record_step (live page, API), whose rules
    the admin would go around."""

    model = CrisisStep
    extra = 0
    can_delete = False
    fields = ("step", "at", "channel", "text", "synergi_reference", "cip_number", "recorded_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CrisisEvent)
class CrisisEventAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "organisation",
        "kind",
        "started_at",
        "cell_within_hour",
        "information_within_hour",
    )
    list_filter = ("kind", "organisation")
    search_fields = ("title",)
    # The kind is fixed at creation (an exercise never becomes a real event) and the start is
    # what every step is checked against: both read only here.
    readonly_fields = (
        "organisation",
        "kind",
        "started_at",
        "ended_at",
        "cell_delay_minutes",
        "cell_within_hour",
        "information_delay_minutes",
        "information_within_hour",
        "created_by",
    )
    inlines = [CrisisStepInline]

    def has_add_permission(self, request):
        return False


class LessonItemInline(CleanInputAdmin, admin.TabularInline):
    model = LessonItem
    extra = 0


@admin.register(LessonsLearned)
class LessonsLearnedAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("event", "written_at")
    readonly_fields = ("event", "written_by")
    inlines = [LessonItemInline]


@admin.register(Contact)
class ContactAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("name", "group", "structure", "organisation")
    list_filter = ("group", "organisation")
    search_fields = ("name", "structure")


@admin.register(MessageTemplate)
class MessageTemplateAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("title", "channel", "organisation")


@admin.register(OnCallShift)
class OnCallShiftAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("person", "starts_at", "ends_at", "organisation")
    list_filter = ("organisation",)
