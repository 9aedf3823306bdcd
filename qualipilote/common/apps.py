from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "qualipilote.common"
    label = "common"
    verbose_name = "Commun"

    def ready(self):
        from .tasks import connect_signals

        connect_signals()
