from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "qualipilote.assessments"
    label = "assessments"
    verbose_name = "Auto-diagnostic"

    def home_panel(self, request):
        """The scope's progress on the organisation's home page."""
        from django.urls import reverse

        from qualipilote.frameworks.scope import scope_of

        from .progress import module_progress, scope_progress

        organisation = request.organisation
        scope = scope_of(organisation)
        return {
            "title": "Auto-diagnostic",
            "url": reverse("assessments:overview", kwargs={"org_code": organisation.code}),
            "template": "assessments/home_panel.html",
            "version": scope.version if scope else None,
            "figures": scope_progress(module_progress(organisation)) if scope else None,
        }
