from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "qualipilote.improvement"
    verbose_name = "Amélioration continue : plan d'actions et audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qualipilote.crisis.hooks import subscribe_lesson_item
        from qualipilote.organisations.hooks import subscribe_departure_summary

        from .lessons import action_from_lesson_item
        from .services import departure_summary

        subscribe_departure_summary(departure_summary)
        subscribe_lesson_item(action_from_lesson_item)

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .milestones import own_milestones

        return own_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from django.utils import timezone

        from .review import actions_section, audits_section, milestones_section

        return (
            actions_section(organisation, year)
            + audits_section(organisation, year)
            + milestones_section(organisation, year, today=timezone.localdate())
        )
