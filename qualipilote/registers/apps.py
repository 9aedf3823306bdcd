import datetime as dt

from django.apps import AppConfig

# Delays every new organisation starts with (framework commitments and the seed's memo of
# 5 July 2019: letters are answered within 10 working days from 1 January 2020, 15 before).
DEFAULT_DEADLINE_RULES = [
    (
        "email",
        5,
        dt.date(2015, 1, 1),
        None,
        "Engagement : réponse aux courriels en 5 jours ouvrés.",
    ),
    (
        "letter",
        15,
        dt.date(2015, 1, 1),
        dt.date(2019, 12, 31),
        "Engagement initial : 15 jours ouvrés.",
    ),
    (
        "letter",
        10,
        dt.date(2020, 1, 1),
        None,
        "Note du 5 juillet 2019 : 10 jours ouvrés à partir de 2020.",
    ),
    ("feedback", 15, dt.date(2015, 1, 1), None, "Réponse aux réclamations et suggestions."),
    ("website_update", 3, dt.date(2015, 1, 1), None, "Mise à jour du site internet."),
    ("ivr_update", 3, dt.date(2015, 1, 1), None, "Mise à jour du serveur vocal interactif."),
]


def register_trail():
    """The registers' records in the audit trail (organisations.trail)."""
    from django.urls import reverse

    from qualipilote.organisations import trail
    from qualipilote.organisations.permissions import VIEW_CONTACT_DETAILS, can_see_contact_details

    from .models import Correspondence, Feedback, FeedbackAuthor, UpdateRequest

    def page(name):
        return lambda record: reverse(
            f"registers:{name}", kwargs={"org_code": record.organisation.code, "pk": record.pk}
        )

    trail.register(Correspondence, url=page("correspondence_detail"))
    trail.register(Feedback, url=page("feedback_detail"), personal_fields=Feedback.FREE_TEXT_FIELDS)
    trail.register(UpdateRequest, url=page("update_request_detail"))
    trail.register(
        FeedbackAuthor,
        organisation="feedback__organisation",
        ability=VIEW_CONTACT_DETAILS,
        personal_fields=FeedbackAuthor.PERSONAL_FIELDS,
        can_view=lambda membership, author: can_see_contact_details(membership, author.feedback),
        url=lambda author: reverse(
            "registers:feedback_detail",
            kwargs={"org_code": author.feedback.organisation.code, "pk": author.feedback_id},
        ),
    )


class RegistersConfig(AppConfig):
    name = "qualipilote.registers"
    label = "registers"
    verbose_name = "Registres"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from qualipilote.organisations.calendar import invalidate_on_change
        from qualipilote.organisations.hooks import (
            subscribe_departure_summary,
            subscribe_member_leaving,
        )

        from .handover import departure_summary, member_leaving
        from .models import DeadlineRule, SamplingPlan

        # A person leaving: their open records go to their unit (removal), and the
        # confirmation page says how many they hold with a link to hand them over.
        subscribe_member_leaving(member_leaving)
        subscribe_departure_summary(departure_summary)

        register_trail()

        # Rules and plans change what every record computes, however they are saved (services,
        # admin, shell): each process must build the organisation's settings again.
        for model in (DeadlineRule, SamplingPlan):
            post_save.connect(invalidate_on_change, sender=model, dispatch_uid=f"{model}_saved")
            post_delete.connect(invalidate_on_change, sender=model, dispatch_uid=f"{model}_deleted")

    def provision_organisation(self, organisation):
        from .models import DeadlineRule

        DeadlineRule.objects.bulk_create(
            DeadlineRule(
                organisation=organisation,
                register=register,
                working_days=days,
                valid_from=start,
                valid_until=end,
                note=note,
            )
            for register, days, start, end, note in DEFAULT_DEADLINE_RULES
        )

    def home_panel(self, request):
        from .services import home_panel

        return home_panel(request)

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def annual_review(self, organisation, year):
        from .review import feedback_section

        return feedback_section(organisation, year)
