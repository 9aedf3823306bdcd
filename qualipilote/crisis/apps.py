from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "qualipilote.crisis"
    label = "crisis"
    verbose_name = "Communication d'urgence"

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)

    def yearly_indicators(self, organisation, year):
        """The yearly indicators of the catalogue counted from the events' timelines."""
        from .indicators import catalogue_figures

        return catalogue_figures(organisation, year)

    def milestones(self, organisation, start, end):
        """The exercises planned (started_at still ahead) between start and end."""
        import datetime as dt

        from django.urls import reverse
        from django.utils import timezone

        from .enums import EventKind
        from .models import CrisisEvent

        paris = timezone.get_current_timezone()
        exercises = CrisisEvent.objects.filter(
            organisation=organisation,
            kind=EventKind.EXERCISE,
            started_at__gt=timezone.now(),
            started_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=paris),
            started_at__lt=dt.datetime.combine(
                end + dt.timedelta(days=1), dt.time.min, tzinfo=paris
            ),
        )
        return [
            {
                "uid": f"exercice-{exercise.pk}",
                "category": "Exercice de communication d'urgence",
                "title": exercise.title,
                "date": timezone.localtime(exercise.started_at).date(),
                "end": None,
                "url": reverse(
                    "crisis:live", kwargs={"org_code": organisation.code, "pk": exercise.pk}
                ),
            }
            for exercise in exercises.only("pk", "title", "started_at")
        ]
