from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "qualipilote.documents"
    label = "documents"
    verbose_name = "Base documentaire et guide des procédures"
    default_auto_field = "django.db.models.BigAutoField"

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .queue import review_milestones

        return review_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .review import annual_review

        return annual_review(organisation, year)
