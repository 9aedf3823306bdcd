from django.urls import path

from . import scope_views

app_name = "scope"

urlpatterns = [
    path("perimetre/", scope_views.detail, name="detail"),
    path("perimetre/modifier/", scope_views.edit, name="edit"),
    path("perimetre/historique/", scope_views.history, name="history"),
]
