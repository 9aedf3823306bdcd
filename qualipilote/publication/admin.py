from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    """Read only: publishing and withdrawing go through the lead's pages (services), which
    freeze the content and keep a single publication in force."""

    list_display = ("__str__", "organisation", "status", "published_at", "ended_at")
    list_filter = ("status", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
