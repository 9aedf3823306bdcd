"""Eco-responsibility (Quali-ATE module 2, SP+ commitment 8): actions per area, yearly figures,
BEGES reports with their action plan, staff initiatives. Changed only through services.py."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from qualipilote.organisations.models import Organisation

from .enums import INDICATOR_CHOICES, ActionStatus, Area, InitiativeStatus

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class BegesReport(models.Model):
    """A greenhouse-gas emissions report (bilan des émissions de gaz à effet de serre), due every
    three years."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="beges_reports"
    )
    reported_on = models.DateField("date du bilan")
    emissions_tco2e = models.DecimalField(
        "émissions (t CO₂e)",
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    summary = models.TextField("principaux postes d'émission", blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "BEGES"
        verbose_name_plural = "BEGES"
        ordering = ["-reported_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reported_on"], name="one_beges_per_day"
            ),
            models.CheckConstraint(
                condition=Q(emissions_tco2e__isnull=True) | Q(emissions_tco2e__gte=0),
                name="beges_emissions_not_negative",
            ),
        ]

    def __str__(self):
        return f"BEGES du {self.reported_on:%d/%m/%Y}"


class EcoAction(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="eco_actions"
    )
    area = models.CharField("domaine", max_length=20, choices=Area.choices)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True, max_length=4000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pilote",
        on_delete=models.PROTECT,
        related_name="eco_actions",
    )
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    due_on = models.DateField("échéance")
    beges_report = models.ForeignKey(
        BegesReport,
        verbose_name="plan d'action du BEGES",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "action d'éco-responsabilité"
        verbose_name_plural = "actions d'éco-responsabilité"
        ordering = ["area", "due_on", "pk"]

    def __str__(self):
        return self.title


class EcoFigure(models.Model):
    """One yearly figure of an area (kWh consumed, tonnes of waste…), its unit given by the
    indicator."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="eco_figures"
    )
    area = models.CharField("domaine", max_length=20, choices=Area.choices)
    indicator = models.CharField("indicateur", max_length=40, choices=INDICATOR_CHOICES)
    year = models.PositiveSmallIntegerField("année", validators=YEAR_VALIDATORS)
    value = models.DecimalField(
        "valeur", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.CharField("source", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "donnée annuelle"
        verbose_name_plural = "données annuelles"
        ordering = ["-year", "area", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area", "indicator", "year"],
                name="one_eco_figure_per_year",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="eco_figure_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="eco_figure_year_bounds"
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}"


class StaffInitiative(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="eco_initiatives"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="proposée par",
        on_delete=models.PROTECT,
        related_name="eco_initiatives",
    )
    area = models.CharField("domaine", max_length=20, choices=Area.choices, blank=True)
    description = models.TextField("description", max_length=4000)
    status = models.CharField(
        "état", max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.PROPOSED
    )
    proposed_on = models.DateField("proposée le")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "initiative d'agent"
        verbose_name_plural = "initiatives d'agents"
        ordering = ["-proposed_on", "-pk"]

    def __str__(self):
        return self.description[:80]
