"""Demo mystery-shopper campaigns, loaded by `manage.py load_demo`.

Haute-Savoie (pref-74), from the seed's 2019 quality review (shared/seeds/002_…):

- the e-mail audit "du 15 mai au 30 juin 2019", on general information requests of the labelled
  scope and beyond (associations, cabinet, urbanisme…). Its published figures are reproduced
  exactly by 40 test e-mails: acknowledgements received 90 % (36), answers 75 % (30), compliant
  signatures 93 % (28 of the 30 answers), answers within 5 working days 93 % (28 of 30) and an
  average delay of 1.5 working days (45 days over 30 answers). The answers' dates are set so
  that the delays, computed with the organisation's calendar, are those; the "complete and
  clear" criterion has no published figure: its scores are illustrative.
- the phone audit of June 2019 "par les référents Qualité des préfectures de la Savoie et de
  l'Isère", a cross audit (here Savoie's quality lead, the demo having no Isère): the report
  praises the courtesy of the switchboard, the efficient handling of calls and the answers, and
  names as a weak point the foreigners' service, without phone cover, that sends every call to
  an answering machine. The report gives no percentages: the 20 calls below are illustrative
  and reproduce that picture (the foreigners' calls not picked up; everything else high).

Loading twice changes nothing: an organisation that already has campaigns is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qualipilote.mystery import services
from qualipilote.mystery.enums import TimeSlot
from qualipilote.mystery.models import Campaign
from qualipilote.organisations.calendar import WorkingCalendar
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership

EMAIL_TITLE = "Enquête mystère courriels 2019"
PHONE_TITLE = "Enquête mystère téléphonique croisée 2019"
EMAIL_UNITS = ["cag", "base", "bafu", "brce", "bclb"]
EMAIL_SUBJECTS = {
    "cag": "Horaires d'ouverture de l'accueil général",
    "base": "Liste des pièces pour un renouvellement de titre de séjour",
    "bafu": "Délai d'instruction d'une déclaration d'utilité publique",
    "brce": "Demande de visite de la préfecture pour une classe",
    "bclb": "Déclaration d'une association",
}
# The 30 answers' delays in working days: 24 of one day, 4 of two, one of 6 and one of 7
# (28 within 5 days; 45 days in all, 1.5 on average).
EMAIL_DELAYS = [1] * 24 + [2] * 4 + [6, 7]
# Tests (by index 0–39) without an answer (10), of which 4 without acknowledgement either.
EMAIL_UNANSWERED = {3, 7, 11, 15, 19, 23, 27, 31, 35, 39}
EMAIL_NO_ACKNOWLEDGEMENT = {7, 15, 23, 31}
# Answers (by rank 0–29 among the answered) with a non-compliant signature, and not complete.
EMAIL_BAD_SIGNATURE = {5, 17}
EMAIL_INCOMPLETE = {2, 12, 22}


def load_demo(organisations, today: dt.date | None = None) -> None:
    for organisation in organisations:
        if (
            organisation.code != "pref-74"
            or Campaign.objects.filter(organisation=organisation).exists()
        ):
            continue
        with transaction.atomic():
            _load_haute_savoie(organisation)


def _lead(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.QUALITY_LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _working_days(calendar, start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _load_haute_savoie(organisation):
    lead = _lead(organisation)
    units = {unit.code: unit for unit in organisation.units.all()}
    calendar = WorkingCalendar.for_organisation(organisation)
    today = dt.date(2019, 7, 31)  # the campaigns are recorded as they were, in 2019
    _email_campaign(organisation, lead, units, calendar, today)
    partner = (
        Membership.objects.filter(organisation__code="pref-73", role=Role.QUALITY_LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    _phone_campaign(organisation, lead, partner.user if partner else None, units, today)


def _email_campaign(organisation, lead, units, calendar, today):
    campaign = services.create_campaign(
        organisation,
        user=lead,
        title=EMAIL_TITLE,
        channel="email",
        starts_on=dt.date(2019, 5, 15),
        ends_on=dt.date(2019, 6, 30),
        run_by="self",
    )
    may = _working_days(calendar, dt.date(2019, 5, 15), dt.date(2019, 5, 31))
    june = _working_days(calendar, dt.date(2019, 6, 3), dt.date(2019, 6, 21))
    for code in EMAIL_UNITS:
        unit = units.get(code)
        services.add_plan_line(
            campaign,
            user=lead,
            unit=unit,
            month=dt.date(2019, 5, 1),
            time_slot=TimeSlot.MORNING,
            planned=4,
        )
        services.add_plan_line(
            campaign,
            user=lead,
            unit=unit,
            month=dt.date(2019, 6, 1),
            time_slot=TimeSlot.AFTERNOON,
            planned=4,
        )
    delays = iter(EMAIL_DELAYS)
    answered_rank = 0
    for index in range(40):
        code = EMAIL_UNITS[index % len(EMAIL_UNITS)]
        in_may = index < 20
        day = (may if in_may else june)[(index % 20) % len(may if in_may else june)]
        contacted_at = _at(day, 9 if in_may else 14, 30)
        answered_on = None
        scores = {"accuse_reception": "no" if index in EMAIL_NO_ACKNOWLEDGEMENT else "yes"}
        if index not in EMAIL_UNANSWERED:
            answered_on = calendar.add_working_days(day, next(delays))
            scores["signature_conforme"] = "no" if answered_rank in EMAIL_BAD_SIGNATURE else "yes"
            scores["reponse_complete"] = "no" if answered_rank in EMAIL_INCOMPLETE else "yes"
            answered_rank += 1
        services.record_test(
            campaign,
            user=lead,
            today=today,
            scores=scores,
            unit=units.get(code),
            contacted_at=contacted_at,
            answered_on=answered_on,
            subject=EMAIL_SUBJECTS[code],
        )
    return campaign


# Phone: 12 calls to the switchboard, 8 to the foreigners' service (sent to voicemail).
PHONE_SWITCHBOARD = [
    # decroche, presentation, courtoisie, bon_service, reponse_correcte
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "no", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "no"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("no", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
    ("yes", "yes", "yes", "yes", "yes"),
]
PHONE_CODES = ["decroche", "presentation", "courtoisie", "bon_service", "reponse_correcte"]


def _phone_campaign(organisation, lead, partner, units, today):
    campaign = services.create_campaign(
        organisation,
        user=lead,
        title=PHONE_TITLE,
        channel="phone",
        starts_on=dt.date(2019, 6, 3),
        ends_on=dt.date(2019, 6, 28),
        run_by="cross" if partner else "self",
        cross_auditor=partner,
    )
    standard, foreigners = units.get("standard"), units.get("base")
    for unit, planned in ((standard, 6), (foreigners, 4)):
        for slot in (TimeSlot.MORNING, TimeSlot.AFTERNOON):
            services.add_plan_line(
                campaign,
                user=lead,
                unit=unit,
                month=dt.date(2019, 6, 1),
                time_slot=slot,
                planned=planned,
            )
    recorder = partner or lead
    days = [
        dt.date(2019, 6, 4) + dt.timedelta(days=7 * week + d)
        for week in range(3)
        for d in (0, 1, 3)
    ]
    for index, row in enumerate(PHONE_SWITCHBOARD):
        services.record_test(
            campaign,
            user=recorder,
            today=today,
            scores=dict(zip(PHONE_CODES, row, strict=True)),
            unit=standard,
            contacted_at=_at(days[index % len(days)], 10 if index % 2 == 0 else 15),
            subject="Horaires et pièces pour une carte grise",
        )
    for index in range(8):
        services.record_test(
            campaign,
            user=recorder,
            today=today,
            scores={"decroche": "no", **dict.fromkeys(PHONE_CODES[1:], "na")},
            unit=foreigners,
            contacted_at=_at(days[index % len(days)], 11 if index % 2 == 0 else 14, 15),
            subject="Rendez-vous pour un titre de séjour",
            comment="Renvoi vers un répondeur, pas de permanence téléphonique.",
        )
    return campaign
