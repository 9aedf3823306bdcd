"""The project's URLs with /api/docs/ served by api.views.api_docs, as the lead is asked to
route it in api/urls.py (see the report); used by test_docs.py only."""

from django.urls import path

from qualipilote.api import views
from qualipilote.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("api/docs/", views.api_docs, name="api-docs-offline"), *project_urlpatterns]
