from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("nouveau/", views.document_create, name="create"),
    path("a-lire/", views.to_read, name="to_read"),
    path("guide/", views.procedure_guide, name="guide"),
    path("guide/guide-des-procedures.pdf", views.procedure_guide_pdf, name="guide_pdf"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/modifier/", views.document_edit, name="document_edit"),
    path("<int:pk>/versions/", views.version_add, name="version_add"),
    path("versions/<int:pk>/soumettre/", views.version_submit, name="version_submit"),
    path("versions/<int:pk>/relire/", views.version_review, name="version_review"),
    path("versions/<int:pk>/renvoyer/", views.version_return, name="version_return"),
    path("versions/<int:pk>/approuver/", views.version_approve, name="version_approve"),
    path("versions/<int:pk>/lu/", views.version_acknowledge, name="version_acknowledge"),
    path("versions/<int:pk>/fichier/", views.version_download, name="version_download"),
]
