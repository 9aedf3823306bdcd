"""Indicators: the catalogue (data/indicators.yaml), the monthly measurements of each
organisation, and the closing of months.

A figure is always kept as numerator and denominator (on-time answers / answers counted,
working days summed / answers, answered calls / received calls), so that a period result is a
ratio of sums. "No data" is the absence of a measurement (or a denominator of 0), never 0 %.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from qualipilote.common.fields import TolerantDecimalField
from qualipilote.registers.enums import RegisterKind

from .enums import (
    Aggregate,
    Domain,
    Frequency,
    MeasureUnit,
    Method,
    Source,
    Status,
    TargetOperator,
)

HUNDRED = Decimal(100)


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def computed(self):
        return self.filter(method=Method.COMPUTED)

    def monthly(self):
        """The indicators measured month by month (the table, closures, entered figures)."""
        return self.filter(frequency=Frequency.MONTHLY)

    def yearly(self):
        return self.filter(frequency=Frequency.YEARLY)

    def entered(self):
        return self.filter(method=Method.ENTERED)

    def in_table_order(self):
        return self.order_by("position", "code")


class Indicator(models.Model):
    """One indicator of the catalogue, loaded from data/indicators.yaml (never typed in)."""

    code = models.SlugField("code", max_length=60, unique=True)
    label = models.CharField("libellé", max_length=300)
    domain = models.CharField("domaine", max_length=20, choices=Domain.choices)
    unit = models.CharField("unité", max_length=10, choices=MeasureUnit.choices)
    target_operator = models.CharField(
        "sens de l'objectif", max_length=2, choices=TargetOperator.choices, blank=True
    )
    target_value = TolerantDecimalField(
        "objectif", max_digits=10, decimal_places=2, null=True, blank=True
    )
    frequency = models.CharField(
        "fréquence", max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    method = models.CharField("mode d'obtention", max_length=10, choices=Method.choices)
    # Computed indicators: which register, which figure, which records.
    register = models.CharField("registre", max_length=20, choices=RegisterKind.choices, blank=True)
    aggregate = models.CharField("calcul", max_length=10, choices=Aggregate.choices, blank=True)
    record_filters = models.JSONField("filtres sur les enregistrements", default=dict, blank=True)
    include_out_of_scope = models.BooleanField("compte les dossiers hors périmètre", default=False)
    # Entered indicators: where the figure comes from and what its parts are called.
    source = models.CharField("source", max_length=300, blank=True)
    numerator_label = models.CharField("libellé du numérateur", max_length=200, blank=True)
    denominator_label = models.CharField("libellé du dénominateur", max_length=200, blank=True)
    definition = models.TextField("définition", blank=True)
    commitment_refs = models.JSONField(
        "engagements liés",
        default=list,
        blank=True,
        help_text="[{framework, version, numbers}] tels qu'écrits dans le catalogue.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)
    active = models.BooleanField("actif", default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["position", "code"]

    def __str__(self):
        return self.label

    @property
    def is_computed(self) -> bool:
        return self.method == Method.COMPUTED

    @property
    def takes_ratio(self) -> bool:
        """Rates and averages are entered as numerator and denominator; counts as one value."""
        return self.unit != MeasureUnit.COUNT

    @property
    def has_target(self) -> bool:
        return bool(self.target_operator) and self.target_value is not None

    def value_of(self, numerator, denominator) -> Decimal | None:
        """The figure shown for a numerator and a denominator; None means "no data"."""
        if numerator is None:
            return None
        if self.unit == MeasureUnit.COUNT:
            return Decimal(numerator)
        if not denominator:
            return None
        value = Decimal(numerator) / Decimal(denominator)
        return value * HUNDRED if self.unit == MeasureUnit.PERCENT else value

    def status_of(self, value: Decimal | None) -> str:
        if not self.has_target:
            return Status.NO_TARGET if value is not None else Status.NO_DATA
        if value is None:
            return Status.NO_DATA
        target = self.target_value
        met = {
            TargetOperator.GREATER: value > target,
            TargetOperator.GREATER_OR_EQUAL: value >= target,
            TargetOperator.LESS_OR_EQUAL: value <= target,
            TargetOperator.EQUAL: value == target,
        }[self.target_operator]
        return Status.MET if met else Status.NOT_MET

    def is_met(self, value: Decimal | None) -> bool | None:
        status = self.status_of(value)
        return {Status.MET: True, Status.NOT_MET: False}.get(status)

    @property
    def higher_is_better(self) -> bool:
        return self.target_operator != TargetOperator.LESS_OR_EQUAL

    def target_display(self) -> str:
        if not self.has_target:
            return "Sans objectif"
        symbol = {">": ">", ">=": "≥", "<=": "≤", "=": "="}[self.target_operator]
        return f"{symbol} {format_value(self.target_value, self.unit)}"


def format_value(value: Decimal | None, unit: str) -> str:
    """French display: "93,32 %", "4,11 jours", "223"; "Pas de données" without a value."""
    if value is None:
        return Status.NO_DATA.label
    if unit == MeasureUnit.COUNT:
        return f"{value:,.0f}".replace(",", "\u202f")
    text = f"{value:.2f}".replace(".", ",")
    if unit == MeasureUnit.PERCENT:
        return f"{text} %"
    if unit == MeasureUnit.MINUTES:
        return f"{value:.0f} min"
    return f"{text} j"


class MonthlyMeasurementQuerySet(models.QuerySet):
    def organisation_level(self):
        """The organisation's own figure, not a unit's or a telephone line's."""
        return self.filter(unit__isnull=True, line="")

    def between(self, start, end):
        return self.filter(month__gte=start, month__lte=end)


class MonthlyMeasurement(models.Model):
    """The figure of one indicator for one organisation and month (and unit or line)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="measurements"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    month = models.DateField("mois", help_text="Premier jour du mois.")
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="unité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    line = models.CharField(
        "ligne ou poste", max_length=100, blank=True, help_text="Ligne téléphonique, par exemple."
    )
    numerator = TolerantDecimalField("numérateur", max_digits=16, decimal_places=2, null=True)
    denominator = TolerantDecimalField(
        "dénominateur", max_digits=16, decimal_places=2, null=True, blank=True
    )
    value = TolerantDecimalField("valeur", max_digits=16, decimal_places=4, null=True)
    sampled = models.BooleanField("semaine échantillonnée", default=False)
    source = models.CharField("origine", max_length=10, choices=Source.choices)
    source_detail = models.CharField("source précise", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    history = HistoricalRecords()
    objects = MonthlyMeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure mensuelle"
        verbose_name_plural = "mesures mensuelles"
        ordering = ["indicator__position", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "month", "line"],
                condition=Q(unit__isnull=True),
                name="one_measurement_per_org_month",
            ),
            models.UniqueConstraint(
                fields=["organisation", "indicator", "month", "unit", "line"],
                condition=Q(unit__isnull=False),
                name="one_measurement_per_unit_month",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month"], name="measurement_ind_month")]

    def __str__(self):
        return f"{self.indicator.code} {self.month:%Y-%m} : {self.value}"


class MonthClosureQuerySet(models.QuerySet):
    def in_force(self):
        """Closures not reopened: the months that are closed now."""
        return self.filter(reopened_at__isnull=True)


class MonthClosure(models.Model):
    """A month whose figures the quality lead froze. Reopening keeps the row (with its reason);
    closing again creates a new one, so the rows are the month's closing history."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="month_closures"
    )
    month = models.DateField("mois")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="clôturé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField("clôturé le")
    snapshot = models.JSONField(
        "valeurs figées", default=list, help_text="Les mesures du mois au moment de la clôture."
    )
    missing = models.JSONField("indicateurs sans chiffre à la clôture", default=list)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rouvert par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField("rouvert le", null=True, blank=True)
    reopen_reason = models.TextField("motif de réouverture", blank=True)

    history = HistoricalRecords()
    objects = MonthClosureQuerySet.as_manager()

    class Meta:
        verbose_name = "clôture mensuelle"
        verbose_name_plural = "clôtures mensuelles"
        ordering = ["-month", "-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=Q(reopened_at__isnull=True),
                name="one_closure_in_force_per_month",
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                name="reopening_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"Clôture de {self.month:%m/%Y}"

    @property
    def is_in_force(self) -> bool:
        return self.reopened_at is None
