from django.apps import AppConfig


def register_trail():
    """Documents and their versions in the audit trail (organisations.trail)."""
    from django.urls import reverse

    from qualipilote.organisations import trail

    from .models import Document, DocumentVersion

    def page(organisation, pk):
        return reverse("documents:document", kwargs={"org_code": organisation.code, "pk": pk})

    trail.register(Document, url=lambda document: page(document.organisation, document.pk))
    trail.register(
        DocumentVersion,
        organisation="document__organisation",
        url=lambda version: page(version.document.organisation, version.document_id),
    )


class DocumentsConfig(AppConfig):
    name = "qualipilote.documents"
    label = "documents"
    verbose_name = "Base documentaire et guide des procédures"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register_trail()

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .queue import review_milestones

        return review_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .review import annual_review

        return annual_review(organisation, year)
