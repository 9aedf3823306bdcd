from django.urls import path

from . import views

app_name = "crisis"

ROOT = "communication-urgence/"

urlpatterns = [
    path(ROOT, views.index, name="index"),
    path(f"{ROOT}nouveau/", views.event_new, name="event_new"),
    path(f"{ROOT}preparation/", views.preparedness, name="preparedness"),
    path(
        f"{ROOT}preparation/contacts.<str:file_format>",
        views.contacts_export,
        name="contacts_export",
    ),
    path(
        f"{ROOT}preparation/modele-contacts.<str:file_format>",
        views.contacts_template,
        name="contacts_template",
    ),
    path(f"{ROOT}<int:pk>/", views.live, name="live"),
    path(f"{ROOT}<int:pk>/retour-experience/", views.lessons, name="lessons"),
    path(
        f"{ROOT}<int:pk>/etapes/<int:step_pk>/fichier/",
        views.message_file,
        name="message_file",
    ),
]
