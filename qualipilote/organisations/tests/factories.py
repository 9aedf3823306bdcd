import factory

from qualipilote.accounts.models import User
from qualipilote.organisations.enums import OrganisationKind, Role, SiteKind, UnitKind
from qualipilote.organisations.models import Membership, Organisation, Site, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gouv.fr")
    password = factory.django.Password("mot-de-passe-de-test")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A bare organisation. Use `provisioned_organisation` when the app defaults matter."""

    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"pref-test-{n}")
    name = factory.Sequence(lambda n: f"Préfecture de test {n}")
    kind = OrganisationKind.PREFECTURE
    departement = "74"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"unite-{n}")
    name = factory.Sequence(lambda n: f"Bureau {n}")
    kind = UnitKind.BUREAU
    headcount = 5


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Hall {n}")
    kind = SiteKind.RECEPTION_HALL
    address = "1 rue de la Préfecture, 74000 Annecy"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.QUALITY_LEAD
