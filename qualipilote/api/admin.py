from django.contrib import admin

from qualipilote.common.admin import CleanInputAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(CleanInputAdmin, admin.ModelAdmin):
    """Tokens are issued by the organisation's API page or `create_api_token` (the raw value is
    shown once); here they are renamed or revoked, never moved to another organisation."""

    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("organisation",)
    readonly_fields = ("organisation", "key_hash", "prefix", "created_by", "last_used_at")

    def has_add_permission(self, request):
        return False
