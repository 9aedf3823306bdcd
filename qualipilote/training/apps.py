from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "qualipilote.training"
    label = "training"
    verbose_name = "Formation et tutorat"
    default_auto_field = "django.db.models.BigAutoField"

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .services import session_milestones

        return session_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .review import annual_review

        return annual_review(organisation, year)
