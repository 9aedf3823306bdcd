"""Factories of the indicators app. The catalogue itself comes from data/indicators.yaml (the
`catalogue` fixture in conftest.py); IndicatorFactory is for rules that need a made-up one."""

import datetime as dt
from decimal import Decimal

import factory

from qualipilote.indicators.enums import Domain, MeasureUnit, Method, Source
from qualipilote.indicators.models import Indicator, MonthClosure, MonthlyMeasurement
from qualipilote.organisations.tests.factories import OrganisationFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_indicator_{n}")
    label = factory.Sequence(lambda n: f"Indicateur de test {n}")
    domain = Domain.PHONE
    unit = MeasureUnit.PERCENT
    method = Method.ENTERED
    source = "Source de test"
    numerator_label = "Numérateur"
    denominator_label = "Dénominateur"
    target_operator = ">="
    target_value = Decimal(80)


class MonthlyMeasurementFactory(factory.django.DjangoModelFactory):
    """An entered figure of the organisation (no unit, no line)."""

    class Meta:
        model = MonthlyMeasurement

    organisation = factory.SubFactory(OrganisationFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    month = dt.date(2024, 2, 1)
    numerator = Decimal(9)
    denominator = Decimal(10)
    value = factory.LazyAttribute(lambda m: m.indicator.value_of(m.numerator, m.denominator))
    source = Source.ENTERED
    source_detail = "Saisie de test"


class MonthClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthClosure

    organisation = factory.SubFactory(OrganisationFactory)
    month = dt.date(2024, 2, 1)
    closed_at = factory.LazyFunction(lambda: dt.datetime(2024, 3, 5, 9, tzinfo=dt.UTC))
