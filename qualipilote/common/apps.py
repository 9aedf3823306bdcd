from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "qualipilote.common"
    label = "common"
    verbose_name = "Commun"
