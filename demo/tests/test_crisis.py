"""Demo of emergency communication: an event across the October change and an exercise,
idempotent."""

from demo.crisis import load_demo
from qualipilote.crisis.models import Contact, CrisisEvent, CrisisStep, LessonItem


def test_demo_is_idempotent_and_shows_both_verdicts(organisation, other_organisation):
    load_demo([organisation, other_organisation])
    first = [model.objects.count() for model in (CrisisEvent, CrisisStep, LessonItem, Contact)]
    load_demo([organisation, other_organisation])
    assert [
        model.objects.count() for model in (CrisisEvent, CrisisStep, LessonItem, Contact)
    ] == first
    flood = CrisisEvent.objects.get(organisation=organisation, kind="event")
    assert (flood.cell_delay_minutes, flood.cell_within_hour) == (45, True)
    assert (flood.information_delay_minutes, flood.information_within_hour) == (75, False)
    exercise = CrisisEvent.objects.get(organisation=organisation, kind="exercise")
    assert exercise.information_within_hour is True
    assert exercise.scenario
