from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField

from qualipilote.common.forms import Form


class LoginForm(AuthenticationForm, Form):
    # Labels are set on the fields themselves: DsfrBaseForm binds fields during __init__.
    username = UsernameField(label="Identifiant", widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }
