import factory

from qualipilote.frameworks.models import (
    Commitment,
    Framework,
    FrameworkVersion,
    LabellingScope,
    Module,
    SubCriterion,
)
from qualipilote.organisations.tests.factories import OrganisationFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"referentiel-{n}")
    name = factory.Sequence(lambda n: f"Référentiel {n}")


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    version = factory.Sequence(lambda n: str(2000 + n))
    title = factory.LazyAttribute(lambda v: f"{v.framework.name} {v.version}")
    min_modules_for_label = 1


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    version = factory.SubFactory(FrameworkVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module de test {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    module = factory.SubFactory(ModuleFactory)
    version = factory.SelfAttribute("module.version")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nous tenons l'engagement de test {n}")
    position = factory.SelfAttribute("number")


class SubCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubCriterion

    commitment = factory.SubFactory(CommitmentFactory)
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Sous-critère de test {n}")


class LabellingScopeFactory(factory.django.DjangoModelFactory):
    """A scope row without modules; pass `modules=[…]` to choose them (the rules are checked by
    frameworks.scope.set_scope, not here)."""

    class Meta:
        model = LabellingScope
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.SubFactory(FrameworkVersionFactory)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.modules.set(extracted)
