from django.urls import path

from . import views

app_name = "ecoresponsibility"

urlpatterns = [
    path("", views.index, name="index"),
    path("actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/<int:pk>/etat/", views.action_status, name="action_status"),
    path("donnees/nouvelle/", views.figure_create, name="figure_create"),
    path("donnees/importer/", views.figures_import, name="figures_import"),
    path("donnees/modele.xlsx", views.figures_template, name="figures_template"),
    path("beges/nouveau/", views.beges_create, name="beges_create"),
    path("initiatives/nouvelle/", views.initiative_create, name="initiative_create"),
    path("initiatives/<int:pk>/etat/", views.initiative_status, name="initiative_status"),
]
