from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "qualipilote.improvement"
    verbose_name = "Amélioration continue : plan d'actions et audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qualipilote.organisations.hooks import subscribe_departure_summary

        from .services import departure_summary

        subscribe_departure_summary(departure_summary)
