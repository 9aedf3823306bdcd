from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from qualipilote.common.admin import CleanInputAdmin
from qualipilote.common.forms import CleanInputMixin

from .models import User


class UserChangeForm(CleanInputMixin, auth_forms.UserChangeForm):
    pass


class UserCreationForm(CleanInputMixin, auth_forms.AdminUserCreationForm):
    pass


class PasswordChangeForm(CleanInputMixin, auth_forms.AdminPasswordChangeForm):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # Django's user forms, with the control-character check of every form (common/admin.py).
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = PasswordChangeForm
    fieldsets = (*BaseUserAdmin.fieldsets, ("Qualipilote", {"fields": ("is_national_reader",)}))
    list_display = ("username", "first_name", "last_name", "email", "is_national_reader")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(CleanInputAdmin, BaseGroupAdmin):
    pass
