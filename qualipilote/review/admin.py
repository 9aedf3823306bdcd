from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReview, ReviewGeneration


@admin.register(AnnualReview)
class AnnualReviewAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "year", "updated_at"]
    list_filter = ["year"]
    readonly_fields = ["organisation", "year", "created_by"]


@admin.register(ReviewGeneration)
class ReviewGenerationAdmin(admin.ModelAdmin):
    list_display = ["review", "status", "requested_by", "requested_at", "seconds"]
    readonly_fields = [field.name for field in ReviewGeneration._meta.fields]
