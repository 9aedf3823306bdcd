from django.urls import path

from . import api

urlpatterns = [
    path("publication/", api.CurrentPublicationView.as_view(), name="api-publication"),
]
