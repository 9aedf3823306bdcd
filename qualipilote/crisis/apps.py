from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "qualipilote.crisis"
    label = "crisis"
    verbose_name = "Communication d'urgence"
