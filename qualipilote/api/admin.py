from django.contrib import admin

from qualipilote.common.admin import CleanInputAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("organisation",)
    readonly_fields = ("key_hash", "prefix")
