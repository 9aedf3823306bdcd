from django.apps import AppConfig


class EcoresponsibilityConfig(AppConfig):
    name = "qualipilote.ecoresponsibility"
    label = "ecoresponsibility"
    verbose_name = "Éco-responsabilité"
    default_auto_field = "django.db.models.BigAutoField"

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .queue import beges_milestones

        return beges_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .review import annual_review

        return annual_review(organisation, year)
