from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "qualipilote.review"
    label = "review"
    verbose_name = "Bilan annuel de la qualité"
    default_auto_field = "django.db.models.BigAutoField"
