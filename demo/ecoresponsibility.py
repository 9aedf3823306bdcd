"""Demo eco-responsibility (Haute-Savoie and Savoie): three years of yearly figures per area,
the BEGES of three years ago (so the next one is due within months and shows in the work queue
and the calendar) with its action plan, other actions per area and staff initiatives.

Idempotent: an organisation that already has a BEGES or figures is left as it is. Written
through the eco-responsibility services."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qualipilote.ecoresponsibility import services
from qualipilote.ecoresponsibility.models import BegesReport, EcoFigure
from qualipilote.organisations.enums import Role

# Per organisation: figures of the last complete year; the years before drift by `trend`.
FIGURES = {
    "pref-74": {
        "electricity_kwh": 684000,
        "heating_kwh": 912000,
        "water_m3": 3150,
        "waste_tonnes": Decimal("26.4"),
        "recycled_share": 44,
        "paper_reams": 1820,
        "responsible_purchases_share": 31,
        "green_space_m2": 4200,
        "fleet_low_emission_share": 36,
        "fleet_km": 214000,
        "sustainable_mobility_agents": 41,
    },
    "pref-73": {
        "electricity_kwh": 598000,
        "heating_kwh": 1045000,
        "water_m3": 2740,
        "waste_tonnes": Decimal("21.8"),
        "recycled_share": 39,
        "paper_reams": 1540,
        "responsible_purchases_share": 27,
        "green_space_m2": 6800,
        "fleet_low_emission_share": 29,
        "fleet_km": 188000,
        "sustainable_mobility_agents": 33,
    },
}
# Consumption falls about 4 % a year, shares rise a few points.
SHARE_STEP = 4
CONSUMPTION_DRIFT = Decimal("1.04")

BEGES = {
    "pref-74": (
        "1862.4",
        "Déplacements domicile-travail (38 %), chauffage au gaz (27 %), "
        "achats de biens et services (19 %), flotte de véhicules (11 %).",
    ),
    "pref-73": (
        "1590.0",
        "Chauffage au fioul du château (34 %), déplacements domicile-travail "
        "(31 %), achats (18 %), flotte (12 %).",
    ),
}

ACTIONS = [  # (area, title, months from the BEGES to the due date, status, in the BEGES plan)
    ("energie", "Relamping LED des bureaux et des halls d'accueil", 12, "done", True),
    (
        "energie",
        "Abaissement de la consigne de chauffage à 19 °C et programmation horaire",
        6,
        "done",
        True,
    ),
    ("mobilite", "Plan de mobilité employeur et forfait mobilités durables", 18, "done", True),
    (
        "mobilite",
        "Remplacement de quatre véhicules thermiques par des véhicules électriques",
        30,
        "in_progress",
        True,
    ),
    (
        "achats",
        "Clauses environnementales dans les marchés de fournitures",
        24,
        "in_progress",
        True,
    ),
    ("dechets", "Tri des biodéchets au restaurant administratif", 34, "planned", False),
    ("biodiversite", "Fauche tardive et nichoirs dans le parc de la préfecture", 28, "done", False),
]

INITIATIVES = [  # (area, description, status, months back)
    ("dechets", "Installer des gourdes et supprimer les bouteilles d'eau en réunion.", "done", 10),
    ("mobilite", "Organiser un challenge « Mai à vélo » entre services.", "accepted", 7),
    ("energie", "Éteindre les écrans d'accueil numérique la nuit.", "proposed", 1),
]


def load_demo(organisations) -> None:
    today = timezone.localdate()
    for organisation in organisations:
        if (
            BegesReport.objects.filter(organisation=organisation).exists()
            or EcoFigure.objects.filter(organisation=organisation).exists()
        ):
            continue
        with transaction.atomic():
            _load(organisation, today)


def _user(organisation, role):
    membership = organisation.memberships.filter(role=role).select_related("user").first()
    return membership.user if membership else None


def _load(organisation, today):
    lead = _user(organisation, Role.QUALITY_LEAD)
    correspondent = _user(organisation, Role.QUALITY_CORRESPONDENT) or lead
    agent = _user(organisation, Role.AGENT) or lead
    if lead is None:
        return
    last_year = today.year - 1
    for indicator, value in FIGURES.get(organisation.code, FIGURES["pref-74"]).items():
        for back in range(3):
            if indicator.endswith("_share"):
                figure = Decimal(value) - SHARE_STEP * back
            else:
                figure = (Decimal(value) * CONSUMPTION_DRIFT**back).quantize(Decimal("0.1"))
            services.record_figure(
                organisation,
                year=last_year - back,
                indicator=indicator,
                value=figure,
                source="Bilan annuel du SGCD",
                user=lead,
            )
    emissions, summary = BEGES.get(organisation.code, BEGES["pref-74"])
    # Three years ago, a month later: the next one is due in about a month.
    reported_on = services.add_months(services.add_years(today, -3), 1)
    report = services.record_beges(
        organisation,
        reported_on=reported_on,
        emissions_tco2e=Decimal(emissions),
        summary=summary,
        today=today,
        user=lead,
    )
    for area, title, months, status, in_plan in ACTIONS:
        services.create_action(
            organisation,
            area=area,
            title=title,
            owner=correspondent,
            due_on=services.add_months(reported_on, months),
            status=status,
            beges_report=report if in_plan else None,
            user=lead,
        )
    for area, description, status, months_back in INITIATIVES:
        initiative = services.propose_initiative(
            organisation,
            proposed_by=agent,
            description=description,
            proposed_on=services.add_months(today, -months_back),
            area=area,
            user=agent,
        )
        if status != "proposed":
            services.set_initiative_status(initiative, status, user=lead)
