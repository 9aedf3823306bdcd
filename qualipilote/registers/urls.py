from django.urls import path

from . import handover, views

app_name = "registers"

CORRESPONDENCE = "registres/courriers-courriels/"
FEEDBACK = "registres/reclamations-suggestions/"
UPDATES = "registres/mises-a-jour/"

urlpatterns = [
    path("registres/", views.index, name="index"),
    path(CORRESPONDENCE, views.correspondence_list, name="correspondence_list"),
    path(f"{CORRESPONDENCE}nouveau/", views.correspondence_new, name="correspondence_new"),
    path(f"{CORRESPONDENCE}<int:pk>/", views.correspondence_detail, name="correspondence_detail"),
    path(
        f"{CORRESPONDENCE}<int:pk>/modifier/",
        views.correspondence_edit,
        name="correspondence_edit",
    ),
    path(FEEDBACK, views.feedback_list, name="feedback_list"),
    path(f"{FEEDBACK}nouveau/", views.feedback_new, name="feedback_new"),
    path(f"{FEEDBACK}<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path(f"{FEEDBACK}<int:pk>/modifier/", views.feedback_edit, name="feedback_edit"),
    path(UPDATES, views.update_request_list, name="update_request_list"),
    path(f"{UPDATES}nouvelle/", views.update_request_new, name="update_request_new"),
    path(f"{UPDATES}<int:pk>/", views.update_request_detail, name="update_request_detail"),
    path(f"{UPDATES}<int:pk>/modifier/", views.update_request_edit, name="update_request_edit"),
    path("registres/reattribuer/<int:pk>/", handover.handover, name="handover"),
    path("registres/delais/", views.deadline_rules, name="deadline_rules"),
    path("registres/delais/modifier/", views.deadline_rule_change, name="deadline_rule_change"),
    path("registres/echantillonnage/", views.sampling_plans, name="sampling"),
    path(
        "registres/echantillonnage/modifier/",
        views.sampling_plan_set,
        name="sampling_plan_set",
    ),
    path("registres/echantillonnage/arreter/", views.sampling_stop, name="sampling_stop"),
    path("registres/calendrier/", views.calendar_settings, name="calendar"),
    path(
        "registres/calendrier/fermetures/ajouter/",
        views.closure_day_add,
        name="closure_day_add",
    ),
    path(
        "registres/calendrier/fermetures/<int:pk>/retirer/",
        views.closure_day_remove,
        name="closure_day_remove",
    ),
    path(
        "registres/calendrier/lundi-de-pentecote/",
        views.whit_monday_setting,
        name="whit_monday_setting",
    ),
    path(
        "registres/calendrier/departement/",
        views.departement_setting,
        name="departement_setting",
    ),
]
