"""Framework rows come from the data files (load_frameworks) and the spreadsheet import: the
admin shows them read-only, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qualipilote.common.admin import CleanInputAdmin

from .models import (
    Commitment,
    CommitmentCorrespondence,
    Framework,
    FrameworkVersion,
    LabellingScope,
    Module,
    SubCriterion,
)


class ReadOnlyAdmin(CleanInputAdmin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "publisher")
    search_fields = ("code", "name")


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "framework",
        "version",
        "title",
        "min_modules_for_label",
        "data_file",
        "loaded_at",
    )
    list_filter = ("framework",)


@admin.register(Module)
class ModuleAdmin(ReadOnlyHistoryAdmin):
    list_display = ("version", "number", "title", "title_status", "kind", "mandatory")
    list_filter = ("version", "title_status", "mandatory")


class SubCriterionInline(CleanInputAdmin, admin.TabularInline):
    model = SubCriterion
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("version", "number", "title", "module")
    list_filter = ("version",)
    search_fields = ("title", "search_text")
    inlines = [SubCriterionInline]


@admin.register(CommitmentCorrespondence)
class CommitmentCorrespondenceAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "corresponds_to", "source")


@admin.register(LabellingScope)
class LabellingScopeAdmin(ReadOnlyHistoryAdmin):
    """Changed only through scope.set_scope (rules on mandatory modules), never here."""

    list_display = ("organisation", "version", "updated_at", "updated_by")
