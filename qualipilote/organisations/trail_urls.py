from django.urls import path

from . import trail_views

app_name = "trail"

urlpatterns = [
    path("personnes/<int:user_id>/", trail_views.person_history, name="person"),
    path("<str:key>/<int:pk>/", trail_views.record_history, name="record"),
]
