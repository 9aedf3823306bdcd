from django.urls import path

from . import views

app_name = "mystery"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("nouvelle/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/parametres/", views.campaign_settings, name="campaign_settings"),
    path("<int:pk>/criteres/", views.criterion_add, name="criterion_add"),
    path(
        "<int:pk>/criteres/<int:criterion_pk>/modifier/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "<int:pk>/criteres/<int:criterion_pk>/retirer/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path(
        "<int:pk>/criteres/<int:criterion_pk>/action/",
        views.criterion_action,
        name="criterion_action",
    ),
    path("<int:pk>/plan/", views.plan_add, name="plan_add"),
    path("<int:pk>/tests/nouveau/", views.test_create, name="test_create"),
    path("<int:pk>/tests/<int:test_pk>/supprimer/", views.test_delete, name="test_delete"),
    path("<int:pk>/tests/importer/", views.tests_import, name="tests_import"),
    path("<int:pk>/tests/modele.xlsx", views.tests_template, name="tests_template"),
    path("<int:pk>/export.xlsx", views.campaign_export, name="export"),
]
