from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "qualipilote.improvement"
    verbose_name = "Amélioration continue : plan d'actions et audits"
    default_auto_field = "django.db.models.BigAutoField"
