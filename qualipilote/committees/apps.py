from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "qualipilote.committees"
    verbose_name = "Comités et réunions"
    default_auto_field = "django.db.models.BigAutoField"

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .queue import meeting_milestones

        return meeting_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .review import annual_review

        return annual_review(organisation, year)
