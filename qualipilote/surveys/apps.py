from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "qualipilote.surveys"
    label = "surveys"
    verbose_name = "Enquêtes de satisfaction"

    def annual_review(self, organisation, year):
        """Section 55: the year's "Je donne mon avis" ratings and Services Publics+ experiences
        (surveys.review)."""
        from .review import annual_review

        return annual_review(organisation, year)

    def milestones(self, organisation, start, end):
        """The waves open between start and end, for the calendar of milestones."""
        from django.urls import reverse

        from .models import Survey

        waves = Survey.objects.filter(
            organisation=organisation, opens_on__lte=end, closes_on__gte=start
        )
        return [
            {
                "uid": f"enquete-{wave.pk}",
                "category": "Enquête",
                "title": wave.title,
                "date": wave.opens_on,
                "end": wave.closes_on if wave.closes_on != wave.opens_on else None,
                "url": reverse(
                    "surveys:detail", kwargs={"org_code": organisation.code, "pk": wave.pk}
                ),
            }
            for wave in waves.only("pk", "title", "opens_on", "closes_on")
        ]
