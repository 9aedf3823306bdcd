from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import Document, DocumentTheme, DocumentVersion, Reading


@admin.register(DocumentTheme)
class DocumentThemeAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    """Themes are data of each organisation (the guide's chapters): kept here."""

    list_display = ["number", "title", "organisation"]
    list_filter = ["organisation"]


class VersionInline(CleanInputAdmin, admin.TabularInline):
    """Read only: versions move through their workflow in the pages (services)."""

    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = ["number", "status", "filename", "author", "reviewer", "approver", "approved_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(CleanInputAdmin, SimpleHistoryAdmin):
    """Read only: documents are written through the pages (services keep the numbering rules)."""

    list_display = ["number", "title", "kind", "organisation", "next_review_on"]
    list_filter = ["organisation", "kind"]
    search_fields = ["title"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reading)
class ReadingAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ["version", "user", "read_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
