"""Demo of emergency communication, loaded by `manage.py load_demo`: for each demo organisation
a real event (a flood of the Arve on the night of the October daylight-saving change, so that
the repeated hour shows) and an exercise with its RETEX, a few contacts, a message template and
the on-call roster around today. Loading twice changes nothing (an organisation that already has
events is left alone). Everything goes through the crisis services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from qualipilote.crisis.enums import EventKind, Step
from qualipilote.crisis.models import Contact, CrisisEvent
from qualipilote.crisis.preparedness import add_shift, save_template
from qualipilote.crisis.services import add_lesson_item, open_event, record_step, write_lessons

PARIS = ZoneInfo("Europe/Paris")


def paris(*args, fold=0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS, fold=fold)


def load_demo(organisations) -> None:
    for organisation in organisations:
        if CrisisEvent.objects.filter(organisation=organisation).exists():
            continue
        with transaction.atomic():
            _flood(organisation)
            _exercise(organisation)
            _preparedness(organisation)


def _flood(organisation) -> None:
    # Sunday 26 October 2025: 02:00–03:00 happens twice.
    event = open_event(
        organisation,
        title="Crue de l'Arve",
        kind=EventKind.EVENT,
        started_at=paris(2025, 10, 26, 1, 35),
    )
    steps = [
        (Step.CELL_ACTIVATED, paris(2025, 10, 26, 2, 20), {}),  # first 02:20 (summer time)
        (
            Step.COD_ACTIVATED,
            paris(2025, 10, 26, 2, 5, fold=1),
            {"synergi_reference": "SYN-2025-1026-01"},
        ),
        (
            Step.OFFICIALS_INFORMED,
            paris(2025, 10, 26, 2, 35, fold=1),
            {"channel": "phone", "text": "Appel des maires de la vallée."},
        ),
        (
            Step.PUBLIC_INFORMED,
            paris(2025, 10, 26, 2, 50, fold=1),
            {"channel": "fr_alert", "text": "Crue de l'Arve : éloignez-vous des berges."},
        ),
        (
            Step.MEDIA_INFORMED,
            paris(2025, 10, 26, 3, 20),
            {"channel": "press_release", "text": "Communiqué n° 1."},
        ),
        (Step.CIP_ACTIVATED, paris(2025, 10, 26, 4, 0), {"cip_number": "0 800 00 74 74"}),
        (
            Step.PUBLIC_INFORMED,
            paris(2025, 10, 26, 7, 30),
            {"channel": "social_networks", "text": "Point de situation."},
        ),
        (Step.CIP_CLOSED, paris(2025, 10, 26, 18, 0), {}),
        (Step.ENDED, paris(2025, 10, 26, 20, 0), {}),
    ]
    for step, at, extra in steps:
        record_step(event, step=step, at=at, **extra)
    lessons = write_lessons(
        event, what_happened="Crue rapide de l'Arve dans la nuit du changement d'heure."
    )
    add_lesson_item(
        lessons, theme="information", outcome="worked", text="FR-Alert diffusé en 45 minutes."
    )
    add_lesson_item(
        lessons,
        theme="media",
        outcome="did_not_work",
        text="Communiqué aux médias au-delà de l'heure.",
    )


def _exercise(organisation) -> None:
    exercise = open_event(
        organisation,
        title="Exercice SEVESO — vallée de l'Arve",
        kind=EventKind.EXERCISE,
        started_at=paris(2025, 4, 8, 9, 0),
        scenario="Fuite d'ammoniac dans un établissement SEVESO seuil haut.",
        participants="Cabinet, service de la communication, SDIS, mairie.",
    )
    for step, minutes in (
        (Step.CELL_ACTIVATED, 25),
        (Step.COD_ACTIVATED, 15),
        (Step.OFFICIALS_INFORMED, 40),
        (Step.PUBLIC_INFORMED, 55),
        (Step.MEDIA_INFORMED, 60),
        (Step.ENDED, 240),
    ):
        record_step(exercise, step=step, at=exercise.started_at + dt.timedelta(minutes=minutes))
    lessons = write_lessons(exercise, what_happened="Exercice annuel avec le SDIS.")
    add_lesson_item(
        lessons,
        theme="tools",
        outcome="did_not_work",
        text="Accès SYNERGI de l'astreinte à renouveler.",
    )


def _preparedness(organisation) -> None:
    Contact.objects.bulk_create(
        [
            Contact(
                organisation=organisation,
                group="officials",
                name="Maire de Chamonix",
                structure="Chamonix",
                phone="04 50 00 00 01",
            ),
            Contact(
                organisation=organisation,
                group="media",
                name="Rédaction locale",
                structure="Le Dauphiné libéré",
                phone="04 50 00 00 02",
            ),
            Contact(
                organisation=organisation,
                group="partners",
                name="Officier CODIS",
                structure="SDIS",
                phone="18",
            ),
        ]
    )
    save_template(
        organisation,
        title="Premier communiqué",
        channel="press_release",
        body="{organisation} : {evenement} depuis le {debut}. Informations au {numero_cip}.",
    )
    now = timezone.now().astimezone(PARIS)
    start = now.replace(hour=8, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    for day, person in enumerate(("Claire Bernard", "Hugo Petit", "Nadia Roux")):
        add_shift(
            organisation,
            person=person,
            phone=f"06 00 00 00 1{day}",
            starts_at=start + dt.timedelta(days=day),
            ends_at=start + dt.timedelta(days=day + 1),
        )
