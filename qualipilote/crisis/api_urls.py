from django.urls import path

from . import api

urlpatterns = [
    path("crisis/events/", api.EventListView.as_view(), name="api-crisis-event-list"),
    path("crisis/events/<int:pk>/", api.EventDetailView.as_view(), name="api-crisis-event-detail"),
    path(
        "crisis/events/<int:pk>/steps/", api.StepCreateView.as_view(), name="api-crisis-step-create"
    ),
]
