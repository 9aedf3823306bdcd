"""Sampling plans (issue 7): an organisation *may* follow a register on one week a month (memo
of 5 July 2019). The plan is its choice, per register and dated; the records of the sampled week
are flagged from their date of receipt, never by hand; without a plan every record counts.

A "full week" runs Monday to Sunday, all seven days in the month: the first one starts on the
month's first Monday. Calendars used below:
- April 2019 starts on a Monday: full weeks 1–7, 8–14, 15–21, 22–28 (29 April–5 May is not full);
- March 2019 starts on a Friday: full weeks 4–10, 11–17, 18–24, 25–31;
- August 2024 starts on a Thursday: full weeks 5–11, 12–18, 19–25 (26 August–1 September is not);
- September 2024 starts on a Sunday: full weeks 2–8, 9–15, 16–22, 23–29;
- May 2024: the first full week (6–12) holds two public holidays, 8 May and Ascension (9 May).
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.organisations.enums import Role
from qualipilote.registers import hooks
from qualipilote.registers.enums import SampledWeek
from qualipilote.registers.imports import CORRESPONDENCE_FORMAT, import_register
from qualipilote.registers.models import Correspondence, SamplingPlan
from qualipilote.registers.sampling import full_weeks, sampled_week
from qualipilote.registers.services import set_sampling_plan, stop_sampling

from .factories import CorrespondenceFactory, FeedbackFactory

D = dt.date


def email(organisation, received, answered=None, **fields):
    return CorrespondenceFactory(
        organisation=organisation,
        channel="email",
        received_on=received,
        answered_on=answered or received + dt.timedelta(days=1),
        **fields,
    )


# --- Which week -----------------------------------------------------------------------------


def test_full_weeks_run_monday_to_sunday_inside_the_month():
    assert full_weeks(2019, 4) == [D(2019, 4, 1), D(2019, 4, 8), D(2019, 4, 15), D(2019, 4, 22)]
    assert full_weeks(2019, 3) == [D(2019, 3, 4), D(2019, 3, 11), D(2019, 3, 18), D(2019, 3, 25)]
    assert full_weeks(2024, 8) == [D(2024, 8, 5), D(2024, 8, 12), D(2024, 8, 19)]
    assert full_weeks(2024, 9) == [D(2024, 9, 2), D(2024, 9, 9), D(2024, 9, 16), D(2024, 9, 23)]


@pytest.mark.parametrize(
    ("week", "year", "month", "expected"),
    [
        (SampledWeek.FIRST, 2019, 4, (D(2019, 4, 1), D(2019, 4, 7))),
        (SampledWeek.SECOND, 2019, 4, (D(2019, 4, 8), D(2019, 4, 14))),
        (SampledWeek.SECOND, 2019, 3, (D(2019, 3, 11), D(2019, 3, 17))),
        (SampledWeek.THIRD, 2024, 8, (D(2024, 8, 19), D(2024, 8, 25))),
        (SampledWeek.LAST, 2024, 8, (D(2024, 8, 19), D(2024, 8, 25))),
        (SampledWeek.LAST, 2019, 3, (D(2019, 3, 25), D(2019, 3, 31))),
        # February of a common year starting on a Monday has exactly four full weeks.
        (SampledWeek.LAST, 2021, 2, (D(2021, 2, 22), D(2021, 2, 28))),
    ],
)
def test_the_sampled_week_of_a_month(week, year, month, expected):
    assert sampled_week(week, year, month) == expected


# --- Without a plan every record counts --------------------------------------------------------


def test_without_a_plan_records_carry_no_sample_flag(organisation):
    assert email(organisation, D(2024, 2, 5)).sampled is None
    assert FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5)).sampled is None


# --- A plan flags the records of its week --------------------------------------------------------


def test_a_plan_flags_the_records_of_the_sampled_week_from_their_date(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.LAST, valid_from=D(2024, 1, 1)
    )
    flags = {
        day: email(organisation, day).sampled
        for day in (
            D(2024, 8, 18),  # Sunday before the week
            D(2024, 8, 19),  # Monday: first day of August's last full week
            D(2024, 8, 24),  # Saturday of the week: a week is seven days
            D(2024, 8, 25),  # Sunday, last day
            D(2024, 8, 26),  # Monday of a week that ends in September: not full, not sampled
            D(2024, 9, 1),  # Sunday 1 September, same week
            D(2024, 9, 23),  # September's last full week starts
        )
    }
    assert flags == {
        D(2024, 8, 18): False,
        D(2024, 8, 19): True,
        D(2024, 8, 24): True,
        D(2024, 8, 25): True,
        D(2024, 8, 26): False,
        D(2024, 9, 1): False,
        D(2024, 9, 23): True,
    }


def test_holidays_do_not_move_the_sampled_week(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.FIRST, valid_from=D(2024, 5, 1)
    )
    # 1 May (a Wednesday, holiday) starts no full week; the first one is 6–12 May.
    assert email(organisation, D(2024, 5, 2)).sampled is False
    on_the_holiday = email(organisation, D(2024, 5, 8), answered=D(2024, 5, 10))
    assert on_the_holiday.sampled is True
    assert on_the_holiday.working_days_taken == 1  # 9 May (Ascension) off, 10 May worked
    assert email(organisation, D(2024, 5, 12)).sampled is True
    assert email(organisation, D(2024, 5, 13)).sampled is False


def test_a_plan_only_covers_its_own_register_and_period(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.FIRST, valid_from=D(2024, 3, 1)
    )
    assert email(organisation, D(2024, 2, 5)).sampled is None  # before the plan
    letter = CorrespondenceFactory(
        organisation=organisation, channel="letter", received_on=D(2024, 3, 4)
    )
    assert letter.sampled is None  # letters have no plan
    assert email(organisation, D(2024, 3, 4)).sampled is True


# --- Setting and closing plans ---------------------------------------------------------------


def test_setting_a_plan_recomputes_the_records_already_received(organisation):
    announced = []

    def listen(org, days):
        announced.append(set(days))

    hooks.subscribe_records_changed(listen)
    try:
        in_week = email(organisation, D(2024, 3, 12))
        outside = email(organisation, D(2024, 3, 20))
        earlier = email(organisation, D(2024, 2, 13))
        announced.clear()

        set_sampling_plan(
            organisation, register="email", week=SampledWeek.SECOND, valid_from=D(2024, 3, 1)
        )
    finally:
        hooks._subscribers.remove(listen)

    for record in (in_week, outside, earlier):
        record.refresh_from_db()
    assert (in_week.sampled, outside.sampled, earlier.sampled) == (True, False, None)
    assert set().union(*announced) == {D(2024, 3, 12), D(2024, 3, 20)}
    assert in_week.history.first().history_change_reason.startswith("Échéance recalculée")


def test_a_new_plan_closes_the_current_one_the_month_before(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.SECOND, valid_from=D(2019, 1, 1)
    )
    march = email(organisation, D(2024, 3, 4))  # first full week of March 2024
    assert march.sampled is False

    set_sampling_plan(
        organisation, register="email", week=SampledWeek.FIRST, valid_from=D(2024, 3, 1)
    )

    plans = SamplingPlan.objects.filter(organisation=organisation).order_by("valid_from")
    assert [(p.week, p.valid_from, p.valid_until) for p in plans] == [
        (SampledWeek.SECOND, D(2019, 1, 1), D(2024, 2, 29)),
        (SampledWeek.FIRST, D(2024, 3, 1), None),
    ]
    march.refresh_from_db()
    assert march.sampled is True


def test_a_plan_starting_the_same_month_is_replaced(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.SECOND, valid_from=D(2024, 3, 1)
    )
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.THIRD, valid_from=D(2024, 3, 1)
    )
    assert list(SamplingPlan.objects.values_list("week", "valid_from", "valid_until")) == [
        (SampledWeek.THIRD, D(2024, 3, 1), None)
    ]


def test_stopping_sampling_makes_every_record_count_again(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.SECOND, valid_from=D(2024, 1, 1)
    )
    february = email(organisation, D(2024, 2, 5))
    april = email(organisation, D(2024, 4, 1))
    assert (february.sampled, april.sampled) == (False, False)

    stop_sampling(organisation, register="email", valid_from=D(2024, 4, 1))

    february.refresh_from_db()
    april.refresh_from_db()
    assert (february.sampled, april.sampled) == (False, None)
    [plan] = SamplingPlan.objects.all()
    assert (plan.valid_from, plan.valid_until) == (D(2024, 1, 1), D(2024, 3, 31))

    stop_sampling(organisation, register="email", valid_from=D(2024, 1, 1))
    assert not SamplingPlan.objects.exists()
    february.refresh_from_db()
    assert february.sampled is None


def test_plans_start_and_end_with_a_month_and_never_overlap(organisation):
    with pytest.raises(ValidationError) as error:
        set_sampling_plan(
            organisation, register="email", week=SampledWeek.FIRST, valid_from=D(2024, 3, 4)
        )
    assert error.value.message_dict["valid_from"] == [
        "Un plan d'échantillonnage commence le premier jour d'un mois."
    ]
    with pytest.raises(ValidationError) as error:
        set_sampling_plan(
            organisation, register="feedback", week=SampledWeek.FIRST, valid_from=D(2024, 3, 1)
        )
    assert "register" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        stop_sampling(organisation, register="email", valid_from=D(2024, 3, 1))
    assert error.value.messages == [
        "Aucun plan d'échantillonnage de ce registre n'est en vigueur en mars 2024."
    ]

    set_sampling_plan(
        organisation, register="email", week=SampledWeek.FIRST, valid_from=D(2024, 3, 1)
    )
    overlapping = SamplingPlan(
        organisation=organisation,
        register="email",
        week=SampledWeek.SECOND,
        valid_from=D(2024, 1, 1),
        valid_until=D(2024, 5, 31),
    )
    with pytest.raises(ValidationError, match="déjà en vigueur"):
        overlapping.full_clean()
    overlapping.valid_until = D(2024, 2, 15)
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert error.value.message_dict["valid_until"] == [
        "Un plan d'échantillonnage se termine le dernier jour d'un mois."
    ]


# --- Every path computes the flag ---------------------------------------------------------------


@pytest.fixture
def second_week_sampled(organisation):
    """E-mails sampled on the second full week from January 2026: 9–15 February 2026."""
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.SECOND, valid_from=D(2026, 1, 1)
    )


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.usefixtures("second_week_sampled", "frozen_today")
def test_the_entry_form_computes_the_flag_and_offers_no_box_to_tick(member_client, organisation):
    client = member_client(Role.AGENT)
    form_page = client.get(reverse("registers:correspondence_new", kwargs={"org_code": "pref-74"}))
    assert "sampled" not in form_page.context["form"].fields
    for received in ("2026-02-10", "2026-02-17"):
        client.post(
            reverse("registers:correspondence_new", kwargs={"org_code": "pref-74"}),
            {"received_on": received, "channel": "email", "in_scope": "on", "sampled": "on"},
        )
    flags = dict(Correspondence.objects.values_list("received_on", "sampled"))
    assert flags == {D(2026, 2, 10): True, D(2026, 2, 17): False}


@pytest.mark.usefixtures("second_week_sampled", "frozen_today")
def test_the_api_computes_the_flag(organisation):
    _token, raw = ApiToken.issue(organisation, "CMS")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for received in ("2026-02-10", "2026-02-17"):
        response = client.post(
            f"/api/v1/organisations/{organisation.code}/correspondences/",
            {"channel": "email", "received_on": received, "sampled": False},
            format="json",
        )
        assert response.status_code == 201, response.json()
    flags = dict(Correspondence.objects.values_list("received_on", "sampled"))
    assert flags == {D(2026, 2, 10): True, D(2026, 2, 17): False}


@pytest.mark.usefixtures("second_week_sampled")
def test_an_import_ignores_the_sampled_week_column_and_computes_the_flag(organisation):
    raw = (
        b"recu_le;canal;semaine_echantillon\n"
        b"10/02/2026;courriel;non\n"
        b"17/02/2026;courriel;oui\n"
        b"17/02/2026;courrier;oui\n"
    )
    import_register(organisation, "correspondence", raw, "r.csv", today=D(2026, 3, 2))
    flags = set(Correspondence.objects.values_list("channel", "received_on", "sampled"))
    assert flags == {
        ("email", D(2026, 2, 10), True),
        ("email", D(2026, 2, 17), False),
        ("letter", D(2026, 2, 17), None),  # no letter plan: every letter counts
    }
    assert "semaine_echantillon" not in [c.header for c in CORRESPONDENCE_FORMAT.columns]


# --- The page of the quality lead -----------------------------------------------------------


def sampling_url(name="sampling"):
    return reverse(f"registers:{name}", kwargs={"org_code": "pref-74"})


@pytest.mark.usefixtures("frozen_today")
def test_the_page_defines_the_full_week_in_french_and_lists_the_weeks_to_record(
    member_client, organisation
):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.SECOND, valid_from=D(2026, 1, 1)
    )
    html = member_client(Role.VIEWER).get(sampling_url()).content.decode()
    assert "du lundi au dimanche dont les sept jours sont dans le mois" in html
    assert "ne déplacent pas la semaine" in html
    # March 2026 starts on a Sunday: second full week 9–15; April 2026 (a Wednesday): 13–19.
    assert "du lundi 9 mars au dimanche 15 mars 2026" in html
    assert "du lundi 13 avril au dimanche 19 avril 2026" in html
    assert "Enregistrer le plan" not in html  # a viewer reads, the quality lead decides


@pytest.mark.usefixtures("frozen_today")
def test_the_quality_lead_sets_and_stops_a_plan_from_the_page(member_client, organisation):
    earlier = email(organisation, D(2026, 2, 10))
    client = member_client(Role.QUALITY_LEAD)

    response = client.post(
        sampling_url("sampling_plan_set"),
        {"register": "email", "week": "second", "valid_from": "01/2026", "note": "Note du 5/7"},
    )
    assert response.status_code == 302
    earlier.refresh_from_db()
    assert earlier.sampled is True

    response = client.post(
        sampling_url("sampling_stop"), {"arret-register": "email", "arret-valid_from": "2026-02"}
    )
    assert response.status_code == 302
    earlier.refresh_from_db()
    assert earlier.sampled is None
    plan = SamplingPlan.objects.get()
    assert (plan.valid_from, plan.valid_until) == (D(2026, 1, 1), D(2026, 1, 31))


@pytest.mark.usefixtures("frozen_today")
def test_bad_months_get_a_french_message_and_other_roles_a_refusal(member_client, organisation):
    client = member_client(Role.QUALITY_LEAD)
    response = client.post(
        sampling_url("sampling_plan_set"),
        {"register": "email", "week": "second", "valid_from": "13/2026"},
    )
    assert response.status_code == 200
    assert response.context["plan_form"].errors["valid_from"] == [
        "Indiquez un mois sous la forme MM/AAAA, par exemple 01/2019."
    ]
    response = client.post(
        sampling_url("sampling_stop"), {"arret-register": "email", "arret-valid_from": "02/2026"}
    )
    assert response.context["stop_form"].non_field_errors() == [
        "Aucun plan d'échantillonnage de ce registre n'est en vigueur en février 2026."
    ]
    agent = member_client(Role.AGENT)
    refused = agent.post(
        sampling_url("sampling_plan_set"),
        {"register": "email", "week": "second", "valid_from": "01/2026"},
    )
    assert refused.status_code == 403
    assert not SamplingPlan.objects.exists()
