"""The default grids are data the administrator may adjust; campaigns are read here and changed
through the pages (services), so the admin shows them read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import Campaign, DefaultCriterion


@admin.register(DefaultCriterion)
class DefaultCriterionAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("label", "channel", "code", "rule", "delay_days", "position")
    list_filter = ("channel",)


@admin.register(Campaign)
class CampaignAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    list_display = ("title", "organisation", "channel", "starts_on", "ends_on", "run_by")
    list_filter = ("channel", "run_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
