from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "qualipilote.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"
