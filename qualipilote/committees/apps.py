from django.apps import AppConfig


def register_trail():
    """Committees, their meetings, agendas and decisions in the audit trail (organisations.trail:
    issue 11 asks every change to committees to be traceable per record and per person)."""
    from django.urls import reverse

    from qualipilote.organisations import trail

    from .models import AgendaItem, Committee, Decision, Meeting

    def page(name, organisation, pk):
        return reverse(f"committees:{name}", kwargs={"org_code": organisation.code, "pk": pk})

    trail.register(
        Committee, url=lambda committee: page("committee", committee.organisation, committee.pk)
    )
    trail.register(
        Meeting,
        organisation="committee__organisation",
        url=lambda meeting: page("meeting", meeting.committee.organisation, meeting.pk),
    )
    for model in (AgendaItem, Decision):
        trail.register(
            model,
            organisation="meeting__committee__organisation",
            url=lambda row: page("meeting", row.meeting.committee.organisation, row.meeting_id),
        )


class CommitteesConfig(AppConfig):
    name = "qualipilote.committees"
    verbose_name = "Comités et réunions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register_trail()

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def milestones(self, organisation, start, end):
        from .queue import meeting_milestones

        return meeting_milestones(organisation, start, end)

    def annual_review(self, organisation, year):
        from .review import annual_review

        return annual_review(organisation, year)
