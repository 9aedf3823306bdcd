"""The audit trail for national readers (trail_views): the organisation is a plain argument here,
not `org_code`, since these are not the organisation's own pages (no membership involved)."""

from django.urls import path

from . import trail_views

app_name = "national_trail"

urlpatterns = [
    path(
        "<slug:organisation>/personnes/<int:user_id>/",
        trail_views.national_person_history,
        name="person",
    ),
    path(
        "<slug:organisation>/<str:key>/<int:pk>/",
        trail_views.national_record_history,
        name="record",
    ),
]
