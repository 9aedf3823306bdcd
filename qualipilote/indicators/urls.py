from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("mettre-a-jour/", views.refresh, name="refresh"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("chiffres/", views.figures, name="figures"),
    path("chiffres/saisir/<slug:code>/", views.enter_figure, name="enter_figure"),
    path("chiffres/importer/<slug:slug>/", views.import_file, name="import"),
    path(
        "chiffres/importer/<slug:slug>/modele.csv",
        views.import_template,
        name="import_template",
    ),
    path(
        "chiffres/importer/<slug:slug>/modele.xlsx",
        views.import_template,
        {"file_format": "xlsx"},
        name="import_template_xlsx",
    ),
    path("clotures/", views.months, name="months"),
    path("clotures/cloturer/", views.close, name="close"),
    path("clotures/rouvrir/", views.reopen, name="reopen"),
]
