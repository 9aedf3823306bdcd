from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.committee_list, name="list"),
    path("nouveau/", views.committee_create, name="committee_create"),
    path("<int:pk>/", views.committee_detail, name="committee"),
    path("<int:pk>/modifier/", views.committee_edit, name="committee_edit"),
    path("<int:pk>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/tenue/", views.meeting_held, name="meeting_held"),
    path("reunions/<int:pk>/ordre-du-jour/", views.agenda, name="agenda"),
    path("reunions/<int:pk>/participants/", views.attendee_add, name="attendee_add"),
    path(
        "reunions/<int:pk>/participants/<int:attendee_pk>/retirer/",
        views.attendee_remove,
        name="attendee_remove",
    ),
    path("reunions/<int:pk>/compte-rendu/", views.minutes_record, name="minutes"),
    path(
        "reunions/<int:pk>/compte-rendu/fichier/", views.minutes_download, name="minutes_download"
    ),
    path("reunions/<int:pk>/decisions/", views.decision_record, name="decision_record"),
]
