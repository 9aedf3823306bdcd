from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.draft_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.draft_edit, name="edit"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
