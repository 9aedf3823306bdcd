"""Sign-out and the "mot de passe oublié" pages (Django's views, French DSFR templates)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.module_loading import import_string

from .forms import PasswordResetForm, SetPasswordForm


def reset_minutes() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 60


class SignOutView(auth_views.LogoutView):
    """Signs out; a person signed in through an identity provider (ProConnect) is then sent to
    it to end that session too. settings.SIGN_OUT_PROVIDER_URL names the function that says
    where (organisations.proconnect, above this app); it answers None for everyone else."""

    def post(self, request, *args, **kwargs):
        provider_url = None
        if request.user.is_authenticated and settings.SIGN_OUT_PROVIDER_URL:
            provider_url = import_string(settings.SIGN_OUT_PROVIDER_URL)(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a reset link to the address if an active account with a password has it; says the
    same whether or not it exists (nobody learns who has an account)."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"reset_minutes": reset_minutes()}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "reset_minutes": reset_minutes()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the e-mail: single use (the token changes with the password) and valid
    settings.PASSWORD_RESET_TIMEOUT. The person is not signed in here: they sign in on the
    login page, where the lock-out (django-axes) applies as always."""

    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
