from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "qualipilote.assessments"
    label = "assessments"
    verbose_name = "Auto-diagnostic"

    def ready(self):
        from django.urls import reverse

        from qualipilote.organisations import trail

        from .models import Evidence, SelfAssessment

        def page(assessment):
            return reverse(
                "assessments:commitment",
                kwargs={"org_code": assessment.organisation.code, "pk": assessment.commitment_id},
            )

        trail.register(SelfAssessment, url=page)
        trail.register(
            Evidence,
            organisation="assessment__organisation",
            url=lambda evidence: page(evidence.assessment),
        )

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

    def milestones(self, organisation, start, end):
        """The evidence that stops proving between start and end (its last valid day)."""
        from django.urls import reverse

        from .models import Evidence

        expiring = Evidence.objects.filter(
            assessment__organisation=organisation, expires_on__gte=start, expires_on__lte=end
        ).values("pk", "title", "expires_on", "assessment__commitment_id")
        return [
            {
                "uid": f"preuve-{evidence['pk']}",
                "category": "Fin de validité d'une preuve",
                "title": evidence["title"],
                "date": evidence["expires_on"],
                "end": None,
                "url": reverse(
                    "assessments:commitment",
                    kwargs={
                        "org_code": organisation.code,
                        "pk": evidence["assessment__commitment_id"],
                    },
                ),
            }
            for evidence in expiring
        ]
