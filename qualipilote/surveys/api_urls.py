from django.urls import path

from . import api

urlpatterns = [
    path("surveys/", api.SurveyListView.as_view(), name="api-survey-list"),
    path(
        "surveys/<int:pk>/responses/", api.ResponseCreateView.as_view(), name="api-survey-responses"
    ),
    path("surveys/<int:pk>/results/", api.SurveyResultsView.as_view(), name="api-survey-results"),
]
