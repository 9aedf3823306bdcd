from django.urls import path

from . import public_views

app_name = "surveys_public"

urlpatterns = [
    path("<int:pk>/", public_views.answer, name="answer"),
    path("<int:pk>/merci/", public_views.thanks, name="thanks"),
]
