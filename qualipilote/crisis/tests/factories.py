import datetime as dt

import factory

from qualipilote.crisis.enums import EventKind
from qualipilote.crisis.models import CrisisEvent
from qualipilote.organisations.tests.factories import OrganisationFactory


class CrisisEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisEvent

    organisation = factory.SubFactory(OrganisationFactory)
    kind = EventKind.EVENT
    title = factory.Sequence(lambda n: f"Crue de l'Arve n° {n}")
    started_at = dt.datetime(2025, 6, 10, 14, 0, tzinfo=dt.UTC)
