from django.urls import path

from . import api

urlpatterns = [
    path("correspondences/", api.CorrespondenceListView.as_view(), name="api-correspondence-list"),
    path(
        "correspondences/<int:pk>/",
        api.CorrespondenceDetailView.as_view(),
        name="api-correspondence-detail",
    ),
    path("feedback/", api.FeedbackListView.as_view(), name="api-feedback-list"),
    path("feedback/<int:pk>/", api.FeedbackDetailView.as_view(), name="api-feedback-detail"),
]
