"""ProConnect's addresses; each answers 404 while ProConnect is not configured."""

from django.urls import path

from . import proconnect

app_name = "proconnect"

urlpatterns = [
    path("connexion/", proconnect.LoginView.as_view(), name="login"),
    path("retour/", proconnect.callback, name="callback"),
    path("deconnecte/", proconnect.logged_out, name="logged_out"),
]
