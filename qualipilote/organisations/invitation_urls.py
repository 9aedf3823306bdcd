from django.urls import path

from . import people_views

app_name = "invitations"

urlpatterns = [path("<str:token>/", people_views.accept, name="accept")]
