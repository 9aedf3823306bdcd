from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("nouveau/", views.review_create, name="create"),
    path("<int:year>/", views.review_detail, name="detail"),
    path("<int:year>/enregistrer/", views.review_save, name="save"),
    path("<int:year>/generations/<int:pk>/", views.generation, name="generation"),
    path(
        "<int:year>/generations/<int:pk>/bilan.<str:file_format>",
        views.download,
        name="download",
    ),
]
