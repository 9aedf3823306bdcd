"""Demo committees, as the seeds describe them.

Haute-Savoie (2019 report): the steering committee (COPIL) chaired by the secretary general
and gathering the directors, which launched the approach and follows it, and to which the annual
quality review is presented in January; the review is then presented to the staff committee
(comité technique, February); the préfet gathers the local users' committee once a year with
user representatives, whose opinion feeds the action plan; thematic working groups led by the
quality lead propose corrective actions. Savoie (2024 policy): the secretary general chairs the
steering committee, which validated the quality policy on 18 April 2024, and the annual users'
committee.

The director's demo account stands for the secretary general. Dates follow today: the last
January COPIL is held with its minutes and decisions, the next one is planned in three weeks
(its draft agenda is built from the data), a working group met last week and its minutes are
still missing (the work queue shows it). Idempotent: an organisation that already has committees
is left as it is. Everything is written through the committees' services, as the pages do.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qualipilote.committees import services
from qualipilote.committees.models import Committee
from qualipilote.improvement.models import Action
from qualipilote.organisations.enums import Role


def load_demo(organisations) -> None:
    today = timezone.localdate()
    for organisation in organisations:
        if Committee.objects.filter(organisation=organisation).exists():
            continue
        people = {role: _member(organisation, role) for role in Role.values}
        if people[Role.QUALITY_LEAD] is None:
            continue
        with transaction.atomic():
            if organisation.code == "pref-73":
                _load_savoie(organisation, people, today)
            else:
                _load_haute_savoie(organisation, people, today)


def _member(organisation, role):
    membership = (
        organisation.memberships.filter(role=role, suspended_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _last(today, month, day) -> dt.date:
    """The last `day`/`month` before today."""
    on = dt.date(today.year, month, day)
    return on if on < today else on.replace(year=today.year - 1)


def _held(committee, on, *, lead, agenda, minutes, externals=(), decisions=()):
    meeting = services.plan_meeting(committee, held_on=on, user=lead, today=on)
    for name, quality in externals:
        services.add_attendee(meeting, name=name, quality=quality, user=lead)
    services.save_agenda(meeting, [("", item) for item in agenda], user=lead)
    services.record_minutes(meeting, text=minutes, user=lead, today=on)
    for text, responsible, months in decisions:
        decision = services.record_decision(
            meeting,
            text=text,
            responsible=responsible,
            due_on=on + dt.timedelta(days=30 * months),
            user=lead,
            today=on,
        )
        Action.objects.filter(pk=decision.action_id).update(
            created_at=timezone.make_aware(dt.datetime.combine(on, dt.time(17)))
        )
    return meeting


def _load_haute_savoie(organisation, people, today):
    lead = people[Role.QUALITY_LEAD]
    correspondent = people[Role.QUALITY_CORRESPONDENT] or lead
    chair = people[Role.DIRECTOR] or lead
    members = [m for m in (chair, lead, correspondent) if m is not None]
    copil = services.create_committee(
        organisation,
        name="Comité de pilotage qualité (COPIL)",
        kind="steering",
        chair=chair,
        members=members,
        user=lead,
    )
    _held(
        copil,
        _last(today, 1, 20),
        lead=lead,
        agenda=[
            "Présentation du bilan annuel de la qualité",
            "Résultats de l'enquête de satisfaction d'octobre",
            "Suivi du plan d'actions et préparation de l'audit de suivi",
        ],
        minutes=(
            "Le bilan annuel de la qualité est présenté par la référente qualité et validé par "
            "le COPIL. Il sera présenté au comité technique, à l'ensemble des agents et au "
            "comité local des usagers, puis publié sur le site internet des services de l'État "
            "en Haute-Savoie."
        ),
        decisions=[
            (
                "Publier le bilan annuel de la qualité sur le site internet des services de "
                "l'État en Haute-Savoie",
                lead,
                2,
            ),
        ],
    )
    services.plan_meeting(copil, held_on=today + dt.timedelta(days=21), user=lead, today=today)

    staff = services.create_committee(
        organisation,
        name="Comité technique",
        kind="staff",
        chair=chair,
        members=[m for m in (chair, lead) if m is not None],
        user=lead,
    )
    _held(
        staff,
        _last(today, 2, 10),
        lead=lead,
        agenda=["Présentation du bilan annuel de la qualité aux représentants du personnel"],
        minutes=(
            "Présentation du bilan annuel de la qualité et de la démarche Qual-e-pref aux "
            "représentants du personnel. Questions sur la charge des agents d'accueil."
        ),
    )

    users = services.create_committee(
        organisation,
        name="Comité local des usagers",
        kind="users",
        chair=chair,
        members=members,
        user=lead,
    )
    _held(
        users,
        _last(today, 6, 12),
        lead=lead,
        externals=[
            ("Mme Anne Roche", "Représentante d'une association de consommateurs"),
            ("M. Bernard Vial", "Représentant d'une association de personnes handicapées"),
            ("Mme Léa Fournier", "Usagère du point d'accès numérique"),
        ],
        agenda=[
            "Résultats des indicateurs de qualité de service",
            "Avis des usagers sur l'accueil et le point d'accès numérique",
            "Pistes de progrès à inscrire au plan d'actions",
        ],
        minutes=(
            "Réunion annuelle du comité local des usagers, réunissant les membres du COPIL et "
            "les représentants des usagers. Les usagers saluent l'accueil sur rendez-vous et "
            "signalent une signalétique insuffisante vers le point d'accès numérique."
        ),
        decisions=[
            (
                "Améliorer la signalétique vers le point d'accès numérique",
                correspondent,
                3,
            ),
        ],
    )

    group = services.create_committee(
        organisation,
        name="Groupe de travail « accueil téléphonique »",
        kind="working_group",
        chair=lead,
        members=[m for m in (lead, correspondent) if m is not None],
        user=lead,
    )
    last_week = today - dt.timedelta(days=7)
    services.plan_meeting(group, held_on=last_week, user=lead, today=today)  # minutes missing


def _load_savoie(organisation, people, today):
    lead = people[Role.QUALITY_LEAD]
    chair = people[Role.DIRECTOR] or lead
    members = [m for m in (chair, lead, people[Role.QUALITY_CORRESPONDENT]) if m is not None]
    copil = services.create_committee(
        organisation,
        name="Comité de pilotage qualité",
        kind="steering",
        chair=chair,
        members=members,
        user=lead,
    )
    policy_day = dt.date(2024, 4, 18)
    if (today - policy_day).days < 5 * 365:  # within the range a meeting date may take
        _held(
            copil,
            policy_day,
            lead=lead,
            agenda=["Validation de la politique qualité de la préfecture de la Savoie"],
            minutes="La politique qualité de la préfecture est validée par le comité de pilotage.",
        )
    services.plan_meeting(copil, held_on=today + dt.timedelta(days=35), user=lead, today=today)
    services.create_committee(
        organisation,
        name="Comité local des usagers et de l'amélioration continue",
        kind="users",
        chair=chair,
        members=members,
        user=lead,
    )
