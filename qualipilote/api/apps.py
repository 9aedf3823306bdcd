from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qualipilote.api"
    label = "api"
    verbose_name = "API"
