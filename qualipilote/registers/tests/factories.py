import datetime as dt

import factory

from qualipilote.organisations.tests.factories import OrganisationFactory
from qualipilote.registers.models import Correspondence, Feedback, FeedbackAuthor, UpdateRequest


class RecordFactory(factory.django.DjangoModelFactory):
    """Saved through the model's save(), so deadlines are computed as in production.

    Pass `organisation` from the `organisation` fixture: a bare OrganisationFactory has no
    deadline rules.
    """

    organisation = factory.SubFactory(OrganisationFactory)
    received_on = dt.date(2024, 5, 6)


class CorrespondenceFactory(RecordFactory):
    class Meta:
        model = Correspondence

    channel = "email"
    topic = factory.Sequence(lambda n: f"Demande d'information {n}")


class FeedbackFactory(RecordFactory):
    class Meta:
        model = Feedback

    kind = "complaint"
    source = "box"
    theme = "Accueil"


class FeedbackAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackAuthor

    feedback = factory.SubFactory(FeedbackFactory)
    name = factory.Sequence(lambda n: f"Camille Usager{n}")
    email = factory.Sequence(lambda n: f"usager{n}@example.org")
    phone = "04 50 00 00 00"
    address = "1 rue du Lac, 74000 Annecy"
    consent_given = True


class UpdateRequestFactory(RecordFactory):
    class Meta:
        model = UpdateRequest

    target = "website"
    description = "Mettre à jour les horaires d'ouverture"
