from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("modules/<int:pk>/", views.module, name="module"),
    path("hors-perimetre/", views.out_of_scope, name="out_of_scope"),
    path("reprendre/", views.start_round, name="start_round"),
    path("depuis-la-reprise/", views.changes, name="changes"),
    path("export.xlsx", views.export, name="export"),
    path("engagements/<int:pk>/", views.commitment, name="commitment"),
    path("engagements/<int:pk>/evaluer/", views.assess, name="assess"),
    path("engagements/<int:pk>/preuves/fichier/", views.add_file, name="add_file"),
    path("engagements/<int:pk>/preuves/lien/", views.add_link, name="add_link"),
    path("preuves/<int:pk>/telecharger/", views.download, name="download"),
    path("preuves/<int:pk>/retirer/", views.remove, name="remove"),
]
