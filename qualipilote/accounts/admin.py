from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Qualipilote", {"fields": ("is_national_reader",)}))
    list_display = ("username", "first_name", "last_name", "email", "is_national_reader")
