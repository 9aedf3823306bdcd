"""Demo training and tutoring (Haute-Savoie and Savoie), after the Savoie 2024 policy: the
newcomers of the year and of the year before, each with a tutor (one still waiting), the
newcomers' day, reception training and a tools course with attendance recorded, the quality
lead's awareness sessions, and training needs from the annual appraisals.

Idempotent: an organisation that already has training sessions is left as it is. Newcomers are
demo accounts (the demo password); everything is written through the training services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership, Unit
from qualipilote.training import services
from qualipilote.training.models import TrainingSession

from . import organisations as demo_organisations

# (username prefix, first name, last name, unit code, month and day of arrival, years back)
NEWCOMERS = [
    ("lea", "Léa", "Fontaine", "accueil", (1, 6), 0),
    ("karim", "Karim", "Benali", "standard", (3, 2), 0),
    ("ines", "Inès", "Garnier", "immigration", (9, 1), 0),
    ("thomas", "Thomas", "Roux", "brh", (9, 15), 0),
    ("camille", "Camille", "Perrin", "accueil", (10, 1), 1),
    ("hugo", "Hugo", "Blanc", "standard", (4, 1), 1),
]
UNIT_FALLBACK = ("accueil", "standard", "immigration", "brh", "qualite", "cpm")


def load_demo(organisations) -> None:
    today = timezone.localdate()
    for organisation in organisations:
        if TrainingSession.objects.filter(organisation=organisation).exists():
            continue
        with transaction.atomic():
            _load(organisation, today)


def _unit(organisation, code):
    units = Unit.objects.filter(organisation=organisation)
    return units.filter(code=code).first() or units.filter(code__in=UNIT_FALLBACK).first()


def _membership(organisation, role):
    return organisation.memberships.filter(role=role).select_related("user").order_by("pk").first()


def _load(organisation, today):
    lead = _membership(organisation, Role.QUALITY_LEAD)
    tutor = _membership(organisation, Role.QUALITY_CORRESPONDENT)
    senior = _membership(organisation, Role.AGENT)
    if lead is None or tutor is None or senior is None:
        return
    dept = organisation.code.removeprefix("pref-")
    year = today.year
    arrived = []
    for prefix, first, last, unit_code, (month, day), years_back in NEWCOMERS:
        user = demo_organisations._ensure_demo_user(
            f"{prefix}.{dept}", first, last, lambda _text: None, title=""
        )
        if user is None:
            continue
        arrival = dt.date(year - years_back, month, day)
        if arrival > today:
            continue
        membership, _ = Membership.objects.update_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": Role.AGENT, "unit": _unit(organisation, unit_code)},
        )
        services.record_arrival(organisation, membership, arrival, user=lead.user)
        membership.refresh_from_db()
        arrived.append(membership)
    if not arrived:
        return
    for index, newcomer in enumerate(arrived):
        if newcomer.user.username.startswith("thomas"):
            continue  # still waiting for a tutor: shows in the work queue
        services.create_tutoring(
            organisation,
            tutor=tutor if index % 2 == 0 else senior,
            newcomer=newcomer,
            starts_on=newcomer.arrival_date,
            ends_on=newcomer.arrival_date + dt.timedelta(days=180)
            if newcomer.arrival_date.year < year
            else None,
            user=lead.user,
        )
    this_year = [m for m in arrived if m.arrival_date.year == year]
    last_year = [m for m in arrived if m.arrival_date.year < year]
    sessions = [
        (
            "newcomers_day",
            "Journée d'accueil des nouveaux arrivants",
            "qualite",
            dt.date(year - 1, 11, 14),
            "6",
            "Secrétariat général et référente qualité",
            last_year,
            last_year,
        ),
        (
            "training",
            "Accueil physique et téléphonique des usagers",
            "accueil",
            dt.date(year - 1, 11, 28),
            "7",
            "CVRH de Lyon",
            last_year + [senior],
            last_year + [senior],
        ),
        (
            "training",
            "Accueil physique et téléphonique des usagers",
            "accueil",
            dt.date(year, 4, 8),
            "7",
            "CVRH de Lyon",
            this_year[:2] + [senior],
            this_year[:1] + [senior],
        ),
        (
            "training",
            "Gestion des réclamations et engagements Quali-ATE",
            "qualite",
            dt.date(year, 6, 12),
            "3,5",
            "Référente qualité",
            [tutor, senior, *this_year[:2]],
            [tutor, senior, *this_year[:2]],
        ),
        (
            "newcomers_day",
            "Journée d'accueil des nouveaux arrivants",
            "qualite",
            dt.date(year, 10, 9),
            "6",
            "Secrétariat général et référente qualité",
            this_year,
            this_year[:3],
        ),
        (
            "training",
            "Prise en main du logiciel de gestion du courrier",
            "outils",
            dt.date(year, 11, 18),
            "3",
            "Pôle systèmes et réseaux",
            this_year[2:],
            this_year[2:],
        ),
    ]
    for kind, title, theme, held_on, hours, trainer, attendees, present in sessions:
        if held_on > today or not attendees:
            continue
        session = services.create_session(
            organisation,
            kind=kind,
            title=title,
            theme=theme,
            held_on=held_on,
            duration_hours=Decimal(hours.replace(",", ".")),
            trainer=trainer,
            attendees=attendees,
            user=lead.user,
        )
        services.record_attendance(session, present, user=lead.user)
    for newcomer in last_year + this_year[:3]:
        services.record_awareness(
            organisation,
            member=newcomer,
            on=min(newcomer.arrival_date + dt.timedelta(days=30), today),
            user=lead.user,
        )
    needs = [
        (
            senior,
            "annual_review",
            "outils",
            "Maîtriser les tableaux croisés pour les statistiques d'accueil.",
        ),
        (tutor, "manager", "qualite", "Formation d'auditeur interne Quali-ATE."),
        (arrived[0], "request", "accueil", "Accueil des publics en situation de handicap."),
    ]
    for member, origin, theme, description in needs:
        services.record_need(
            organisation,
            member=member,
            origin=origin,
            theme=theme,
            description=description,
            expressed_on=dt.date(year, 2, 15),
            user=lead.user,
        )
