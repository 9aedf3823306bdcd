from django.urls import path

from . import national_views

app_name = "national"

urlpatterns = [
    path("", national_views.home, name="home"),
    path("export.csv", national_views.export, name="export"),
]
