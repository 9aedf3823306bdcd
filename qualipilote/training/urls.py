from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("besoins/nouveau/", views.need_create, name="need_create"),
    path("besoins/<int:pk>/etat/", views.need_status, name="need_status"),
    path("sessions/nouvelle/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("tutorat/nouveau/", views.tutoring_create, name="tutoring_create"),
    path("arrivees/nouvelle/", views.arrival_create, name="arrival_create"),
    path("sensibilisation/nouvelle/", views.awareness_create, name="awareness_create"),
]
