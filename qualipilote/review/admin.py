"""Admin: reviews and their generations are read here (with the reviews' history); they change
through the pages and the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import AnnualReview, ReviewGeneration


class ReadOnlyAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AnnualReview)
class AnnualReviewAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "year", "updated_at")
    list_filter = ("year", "organisation")
    list_select_related = ("organisation",)


@admin.register(ReviewGeneration)
class ReviewGenerationAdmin(ReadOnlyAdmin):
    list_display = ("review", "status", "requested_by", "requested_at", "seconds")
    list_filter = ("status",)
    list_select_related = ("review__organisation", "requested_by")
