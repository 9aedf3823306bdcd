from django.urls import path

from . import api

urlpatterns = [
    path("indicators/", api.IndicatorListView.as_view(), name="api-indicator-list"),
    path(
        "indicators/<slug:code>/measurements/",
        api.MeasurementCreateView.as_view(),
        name="api-indicator-measurements",
    ),
]
