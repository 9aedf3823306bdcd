from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "qualipilote.frameworks"
    label = "frameworks"
    verbose_name = "Référentiels"
