"""Admin: training records are read here (with their history); they change through the pages
and the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import QualityAwareness, TrainingNeed, TrainingSession, TutoringPair


class ReadOnlyAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "kind", "theme", "held_on", "duration_hours")
    list_filter = ("kind", "theme", "organisation")
    list_select_related = ("organisation",)


@admin.register(TutoringPair)
class TutoringPairAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "starts_on", "ends_on")
    list_filter = ("organisation",)
    list_select_related = ("organisation", "tutor__user", "newcomer__user")


@admin.register(TrainingNeed)
class TrainingNeedAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "origin", "status", "expressed_on")
    list_filter = ("origin", "theme", "status", "organisation")
    list_select_related = ("organisation", "member__user")


@admin.register(QualityAwareness)
class QualityAwarenessAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "on")
    list_filter = ("organisation",)
    list_select_related = ("organisation", "member__user")
