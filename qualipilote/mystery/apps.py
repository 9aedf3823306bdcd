from django.apps import AppConfig


class MysteryConfig(AppConfig):
    name = "qualipilote.mystery"
    label = "mystery"
    verbose_name = "Enquêtes mystère"
    default_auto_field = "django.db.models.BigAutoField"

    def work_queue(self, request):
        from .reports import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .reports import milestones

        return milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .reports import annual_review

        return annual_review(organisation, year)
