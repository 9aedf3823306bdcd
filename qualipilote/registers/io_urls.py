from django.urls import path

from . import io_views, public_views, spplus_views

app_name = "registers_io"

urlpatterns = [
    path("avis/", public_views.public_feedback, name="public_feedback"),
    path("avis/merci/", public_views.public_feedback_thanks, name="public_feedback_thanks"),
    path(
        "registres/reclamations-suggestions/importer-services-publics-plus/",
        spplus_views.import_experiences_page,
        name="import_spplus",
    ),
    path("registres/<slug:register>/importer/", io_views.import_page, name="import"),
    path("registres/<slug:register>/importer/<int:pk>/", io_views.import_job, name="import_job"),
    path(
        "registres/<slug:register>/modele.<slug:file_format>",
        io_views.import_template,
        name="import_template",
    ),
    path("registres/<slug:register>/exporter/", io_views.export, name="export"),
]
