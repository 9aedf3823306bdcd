"""What a person sees when django-axes has locked their account for their address: the login
page again, with a French explanation, answered 429 (settings.AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from .forms import LoginForm


def cool_off_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return max(1, round(cool_off.total_seconds() / 60))


def locked_out_message() -> str:
    minutes = cool_off_minutes()
    return (
        "Trop de tentatives de connexion échouées pour ce compte depuis votre connexion : "
        f"il est bloqué pendant {minutes} minute{'s' if minutes > 1 else ''} depuis la dernière "
        "tentative. Réessayez ensuite, ou demandez à l'administrateur de Qualipilote de le "
        "débloquer."
    )


def locked_out(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_out": locked_out_message(),
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)
