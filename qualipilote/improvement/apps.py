from django.apps import AppConfig


def register_trail():
    """Actions, their notes, audits and findings in the audit trail (organisations.trail)."""
    from django.urls import reverse

    from qualipilote.organisations import trail

    from .models import Action, ActionNote, Audit, Finding

    def page(name, organisation, pk):
        return reverse(f"improvement:{name}", kwargs={"org_code": organisation.code, "pk": pk})

    trail.register(Action, url=lambda action: page("action", action.organisation, action.pk))
    trail.register(
        ActionNote,
        organisation="action__organisation",
        url=lambda note: page("action", note.action.organisation, note.action_id),
    )
    trail.register(Audit, url=lambda audit: page("audit", audit.organisation, audit.pk))

    def grade_labels():
        from qualipilote.frameworks.models import FrameworkVersion

        return {
            grade["code"]: grade["label"]
            for grades in FrameworkVersion.objects.values_list("finding_grades", flat=True)
            for grade in grades or []
        }

    trail.register(
        Finding,
        organisation="audit__organisation",
        value_labels={"grade": grade_labels},
        url=lambda finding: page("audit", finding.audit.organisation, finding.audit_id),
    )


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
        register_trail()

    def assessment_changes(self, organisation, since):
        """Indicators whose status changed since a self-assessment was started again."""
        from .baseline import indicator_changes

        return indicator_changes(organisation, since)

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
