from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "qualipilote.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def load_demo(self, organisations):
        from .demo import load_demo

        load_demo(organisations)

    def home_panel(self, request):
        from .summary import home_panel

        return home_panel(request)
