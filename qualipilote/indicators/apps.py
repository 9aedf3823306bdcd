from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "qualipilote.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def ready(self):
        from qualipilote.registers.hooks import subscribe_records_changed

        from .services import schedule_refresh

        # The stored figures of the months whose register records changed are refreshed.
        subscribe_records_changed(schedule_refresh)

    def indicator_labels(self, codes):
        """Asked by the frameworks' commitment page for the labels of the codes it lists."""
        from .models import Indicator

        return dict(Indicator.objects.filter(code__in=codes).values_list("code", "label"))

    def home_panel(self, request):
        from .summary import home_panel

        return home_panel(request)

    def work_queue(self, request):
        from .summary import work_queue

        return work_queue(request)

    def annual_review(self, organisation, year):
        from django.utils import timezone

        from .review import indicators_section

        return indicators_section(organisation, year, today=timezone.localdate())
