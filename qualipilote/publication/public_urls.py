from django.urls import path

from . import public_views

app_name = "publication_public"

urlpatterns = [
    path("", public_views.results, name="results"),
    path("affiche.pdf", public_views.poster, name="poster"),
    path("donnees.csv", public_views.open_data_csv, name="open_data_csv"),
    path("donnees.json", public_views.open_data_json, name="open_data_json"),
]
