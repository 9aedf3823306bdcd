"""Frameworks pages, at /referentiels/: readable by every signed-in user, no organisation."""

from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("recherche/", views.search, name="search"),
    path("importer/", views.import_page, name="import"),
    path("importer/modele.xlsx", views.import_template, name="import_template"),
    path("<slug:framework_code>/", views.framework_detail, name="framework"),
    path("<slug:framework_code>/<str:version>/", views.version_detail, name="version"),
    path(
        "<slug:framework_code>/<str:version>/classeur.xlsx",
        views.version_workbook,
        name="version_workbook",
    ),
    path(
        "<slug:framework_code>/<str:version>/engagements/<int:number>/",
        views.commitment_detail,
        name="commitment",
    ),
]
