from django.urls import path

from . import jdma_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("nouvelle/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/publication/", views.survey_publish, name="publish"),
    path("<int:pk>/cloture/", views.survey_close, name="close"),
    path("<int:pk>/indicateurs/", views.fed_indicators, name="fed_indicators"),
    path("<int:pk>/export.xlsx", views.survey_export, name="export"),
    path("<int:pk>/affiche/<int:site_pk>.pdf", views.survey_poster, name="poster"),
    path("<int:pk>/saisie-papier/", views.paper_entry, name="paper_entry"),
    path("je-donne-mon-avis/", jdma_views.jdma_results, name="jdma_results"),
    path("je-donne-mon-avis/importer/", jdma_views.jdma_import, name="jdma_import"),
]
