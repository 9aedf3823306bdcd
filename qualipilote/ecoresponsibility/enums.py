from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class Area(models.TextChoices):
    ENERGIE = "energie", "Énergie"
    DECHETS = "dechets", "Déchets"
    ACHATS = "achats", "Achats"
    BIODIVERSITE = "biodiversite", "Biodiversité"
    MOBILITE = "mobilite", "Mobilité"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposée"
    ACCEPTED = "accepted", "Retenue"
    DONE = "done", "Mise en œuvre"
    DECLINED = "declined", "Non retenue"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    area: str
    label: str
    unit: str
    maximum: Decimal


# The yearly figures followed per area: each with its unit and its highest sensible value (a
# share is at most 100 %); the column itself bounds every figure below 10^10.
INDICATORS = (
    IndicatorSpec(
        "electricity_kwh", Area.ENERGIE, "Électricité consommée", "kWh", Decimal("9999999999")
    ),
    IndicatorSpec("heating_kwh", Area.ENERGIE, "Chauffage consommé", "kWh", Decimal("9999999999")),
    IndicatorSpec("water_m3", Area.ENERGIE, "Eau consommée", "m³", Decimal("9999999999")),
    IndicatorSpec("waste_tonnes", Area.DECHETS, "Déchets produits", "t", Decimal("9999999999")),
    IndicatorSpec(
        "recycled_share", Area.DECHETS, "Part des déchets triés et recyclés", "%", Decimal(100)
    ),
    IndicatorSpec(
        "paper_reams",
        Area.DECHETS,
        "Ramettes de papier achetées",
        "ramettes",
        Decimal("9999999999"),
    ),
    IndicatorSpec(
        "responsible_purchases_share",
        Area.ACHATS,
        "Part des achats responsables",
        "%",
        Decimal(100),
    ),
    IndicatorSpec(
        "green_space_m2",
        Area.BIODIVERSITE,
        "Espaces verts en gestion différenciée",
        "m²",
        Decimal("9999999999"),
    ),
    IndicatorSpec(
        "fleet_low_emission_share",
        Area.MOBILITE,
        "Part de véhicules à faibles émissions",
        "%",
        Decimal(100),
    ),
    IndicatorSpec(
        "fleet_km", Area.MOBILITE, "Kilomètres parcourus par la flotte", "km", Decimal("9999999999")
    ),
    IndicatorSpec(
        "sustainable_mobility_agents",
        Area.MOBILITE,
        "Agents bénéficiant du forfait mobilités durables",
        "agents",
        Decimal("9999999999"),
    ),
)
INDICATOR_BY_CODE = {spec.code: spec for spec in INDICATORS}
INDICATOR_CHOICES = [(spec.code, f"{spec.label} ({spec.unit})") for spec in INDICATORS]
