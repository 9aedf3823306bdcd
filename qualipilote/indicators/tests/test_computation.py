"""Computed indicators against records counted by hand (issue 4, rules of items 1–3; sampling
plans, issue 7).

February 2024 has no public holiday: an e-mail received on Monday 5 February is due on Monday
12 February (5 working days), a complaint on Thursday 22 February (15), a website or IVR update
on Thursday 8 February (3). Its first full week (Monday to Sunday) is 5–11 February; March
2024's are 4–10, 11–17, 18–24 and 25–31.
"""

import datetime as dt
from decimal import Decimal

import pytest

from qualipilote.indicators.computation import Figure, computed_figures
from qualipilote.indicators.enums import Status
from qualipilote.indicators.table import build_table
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.enums import SampledWeek
from qualipilote.registers.services import set_sampling_plan
from qualipilote.registers.tests.factories import (
    CorrespondenceFactory,
    FeedbackFactory,
    UpdateRequestFactory,
)

D = dt.date
FEB = D(2024, 2, 1)
JAN = D(2024, 1, 1)
MAR = D(2024, 3, 1)
LATER = D(2024, 6, 14)  # long after every due date below


def email(organisation, received=None, answered=None, **fields):
    return CorrespondenceFactory(
        organisation=organisation,
        channel="email",
        received_on=received or D(2024, 2, 5),
        answered_on=answered,
        **fields,
    )


def sample_first_week_of_emails(organisation):
    set_sampling_plan(
        organisation, register="email", week=SampledWeek.FIRST, valid_from=D(2024, 1, 1)
    )


def figures_of(catalogue, organisation, code, *, start=FEB, end=FEB, today=LATER, **kwargs):
    figures = computed_figures(
        [catalogue[code]],
        start=start,
        end=end,
        today=today,
        organisation=organisation,
        **kwargs,
    )
    return figures[code]


def test_email_on_time_rate_counts_answered_and_overdue_emails_of_the_sampled_week(
    catalogue, organisation, other_organisation
):
    sample_first_week_of_emails(organisation)
    on_time = email(organisation, answered=D(2024, 2, 12))
    assert on_time.due_on == D(2024, 2, 12)
    email(organisation, answered=D(2024, 2, 13))  # one working day late
    email(organisation, answered=None)  # never answered, due date passed: counted, not on time
    email(organisation, D(2024, 2, 12), answered=D(2024, 2, 13))  # outside the sampled week
    email(organisation, answered=D(2024, 2, 6), in_scope=False)  # outside the labelling scope
    CorrespondenceFactory(organisation=organisation, channel="letter", received_on=D(2024, 2, 5))
    email(other_organisation, answered=D(2024, 2, 6))

    figures = figures_of(catalogue, organisation, "email_answered_on_time_rate")

    assert figures == {(organisation.pk, FEB): Figure(Decimal(1), Decimal(3), sampled=True)}


def test_a_pending_email_not_yet_due_is_left_out_of_the_rate(catalogue, organisation):
    email(organisation, answered=D(2024, 2, 6))
    email(organisation, answered=None)  # due 12 February

    on_the_ninth = figures_of(
        catalogue, organisation, "email_answered_on_time_rate", today=D(2024, 2, 9)
    )
    on_the_due_date = figures_of(
        catalogue, organisation, "email_answered_on_time_rate", today=D(2024, 2, 12)
    )
    the_day_after = figures_of(
        catalogue, organisation, "email_answered_on_time_rate", today=D(2024, 2, 13)
    )

    assert on_the_ninth[(organisation.pk, FEB)] == Figure(1, 1)
    assert on_the_due_date[(organisation.pk, FEB)] == Figure(1, 1)
    assert the_day_after[(organisation.pk, FEB)] == Figure(1, 2)


def test_a_month_without_records_has_no_figure_which_is_not_zero_percent(catalogue, organisation):
    email(organisation, received=D(2024, 1, 8), answered=D(2024, 1, 26))  # late: 0 %

    table = build_table(organisation, JAN, FEB, today=LATER)
    row = next(row for row in table.rows if row.indicator.code == "email_answered_on_time_rate")
    january, february = row.cells

    assert (january.figure, january.value) == (Figure(0, 1), Decimal(0))
    assert (february.figure, february.value, february.has_data) == (None, None, False)
    assert row.result == Figure(0, 1)
    assert row.status == Status.NOT_MET


def test_a_period_without_any_record_says_no_data(catalogue, organisation):
    table = build_table(organisation, JAN, FEB, today=LATER)
    row = next(row for row in table.rows if row.indicator.code == "feedback_answered_on_time_rate")

    assert (row.result, row.result_value, row.status) == (None, None, Status.NO_DATA)
    assert row.status_label == "Pas de données"


def test_email_average_days_is_the_mean_of_working_days_over_the_answered_emails(
    catalogue, organisation
):
    sample_first_week_of_emails(organisation)
    email(organisation, answered=D(2024, 2, 6))  # 1 working day
    email(organisation, answered=D(2024, 2, 7))  # 2
    email(organisation, answered=D(2024, 2, 13))  # 6
    email(organisation, answered=None)  # unanswered: no delay to average
    email(organisation, D(2024, 2, 12), answered=D(2024, 2, 13))  # outside the sampled week

    figures = figures_of(catalogue, organisation, "email_average_response_days")

    assert figures == {(organisation.pk, FEB): Figure(Decimal(9), Decimal(3), sampled=True)}
    assert catalogue["email_average_response_days"].value_of(9, 3) == 3


def test_letter_average_days_reads_every_letter_when_letters_are_not_sampled(
    catalogue, organisation
):
    sample_first_week_of_emails(organisation)  # e-mails only: letters keep counting in full

    def letter(received, answered):
        return CorrespondenceFactory(
            organisation=organisation,
            channel="letter",
            received_on=received,
            answered_on=answered,
        )

    letter(D(2024, 2, 5), D(2024, 2, 9))  # 4 working days, in the first full week
    letter(D(2024, 2, 12), D(2024, 2, 26))  # 10 working days, outside it
    letter(D(2024, 2, 5), None)
    email(organisation, answered=D(2024, 2, 6))

    figures = figures_of(catalogue, organisation, "letter_average_response_days")

    assert figures == {(organisation.pk, FEB): Figure(Decimal(14), Decimal(2), sampled=False)}


def test_without_a_plan_every_e_mail_counts_and_the_figure_is_not_sampled(catalogue, organisation):
    # An organisation that records every e-mail and ticks nothing (the defect of issue 7).
    email(organisation, D(2024, 2, 5), answered=D(2024, 2, 6))
    email(organisation, D(2024, 2, 19), answered=D(2024, 2, 20))
    email(organisation, D(2024, 2, 26), answered=D(2024, 3, 8))  # late: 9 working days

    rate = figures_of(catalogue, organisation, "email_answered_on_time_rate")
    average = figures_of(catalogue, organisation, "email_average_response_days")

    assert rate == {(organisation.pk, FEB): Figure(Decimal(2), Decimal(3), sampled=False)}
    assert average == {(organisation.pk, FEB): Figure(Decimal(11), Decimal(3), sampled=False)}


def test_a_month_under_a_plan_counts_its_sampled_week_only_and_is_flagged(catalogue, organisation):
    set_sampling_plan(organisation, register="email", week=SampledWeek.SECOND, valid_from=MAR)
    # February: no plan yet, every e-mail; March: the second full week (11–17) only.
    for received in (D(2024, 2, 5), D(2024, 2, 26), D(2024, 3, 4), D(2024, 3, 11), D(2024, 3, 18)):
        email(organisation, received, answered=received + dt.timedelta(days=1))
    email(organisation, D(2024, 3, 13), answered=D(2024, 3, 28))  # late

    figures = figures_of(catalogue, organisation, "email_answered_on_time_rate", end=MAR)

    assert figures == {
        (organisation.pk, FEB): Figure(2, 2, sampled=False),
        (organisation.pk, MAR): Figure(1, 2, sampled=True),
    }


def test_a_letter_plan_makes_the_letter_indicator_read_its_sample(catalogue, organisation):
    set_sampling_plan(organisation, register="letter", week=SampledWeek.FIRST, valid_from=MAR)
    for received, answered in ((D(2024, 3, 4), D(2024, 3, 6)), (D(2024, 3, 18), D(2024, 3, 29))):
        CorrespondenceFactory(
            organisation=organisation,
            channel="letter",
            received_on=received,
            answered_on=answered,
        )

    figures = figures_of(
        catalogue, organisation, "letter_average_response_days", start=MAR, end=MAR
    )

    assert figures == {(organisation.pk, MAR): Figure(Decimal(2), Decimal(1), sampled=True)}


def test_feedback_on_time_rate_and_average_days(catalogue, organisation):
    quick = FeedbackFactory(
        organisation=organisation, received_on=D(2024, 2, 1), answered_on=D(2024, 2, 2)
    )
    assert quick.due_on == D(2024, 2, 22)
    FeedbackFactory(  # 16 working days: late
        organisation=organisation, received_on=D(2024, 2, 1), answered_on=D(2024, 2, 23)
    )
    FeedbackFactory(  # not yet due on 10 February: pending, left out of both figures
        organisation=organisation, received_on=D(2024, 2, 8), answered_on=None
    )
    FeedbackFactory(  # outside the labelling scope
        organisation=organisation,
        received_on=D(2024, 2, 1),
        answered_on=D(2024, 2, 2),
        in_scope=False,
    )
    today = D(2024, 2, 26)  # after the late one's answer, before 29 February (pending's due)

    rate = figures_of(catalogue, organisation, "feedback_answered_on_time_rate", today=today)
    average = figures_of(catalogue, organisation, "feedback_average_response_days", today=today)

    assert rate[(organisation.pk, FEB)] == Figure(1, 2)
    assert average[(organisation.pk, FEB)] == Figure(17, 2)
    assert catalogue["feedback_average_response_days"].value_of(17, 2) == Decimal("8.5")


def test_website_and_ivr_update_rates_each_read_their_own_requests(catalogue, organisation):
    on_time = UpdateRequestFactory(
        organisation=organisation,
        target="website",
        received_on=D(2024, 2, 5),
        answered_on=D(2024, 2, 8),
    )
    assert on_time.due_on == D(2024, 2, 8)
    UpdateRequestFactory(  # published after 4 working days
        organisation=organisation,
        target="website",
        received_on=D(2024, 2, 5),
        answered_on=D(2024, 2, 9),
    )
    UpdateRequestFactory(
        organisation=organisation,
        target="ivr",
        received_on=D(2024, 2, 5),
        answered_on=D(2024, 2, 6),
    )

    website = figures_of(catalogue, organisation, "website_update_on_time_rate")
    ivr = figures_of(catalogue, organisation, "ivr_update_on_time_rate")

    assert website[(organisation.pk, FEB)] == Figure(1, 2)
    assert ivr[(organisation.pk, FEB)] == Figure(1, 1)


def test_the_period_result_is_a_ratio_of_sums_not_the_mean_of_monthly_rates(
    catalogue, organisation
):
    # January 1/1 on time, February 1/3: the period is 2/4 = 50 %, not (100 + 33.3) / 2 = 66.7 %.
    UpdateRequestFactory(
        organisation=organisation, received_on=D(2024, 1, 8), answered_on=D(2024, 1, 9)
    )
    UpdateRequestFactory(
        organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6)
    )
    for _ in range(2):
        UpdateRequestFactory(
            organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 12)
        )

    table = build_table(organisation, JAN, FEB, today=LATER)
    row = next(r for r in table.rows if r.indicator.code == "website_update_on_time_rate")

    assert [cell.value.quantize(Decimal("0.01")) for cell in row.cells] == [
        Decimal("100.00"),
        Decimal("33.33"),
    ]
    assert row.result == Figure(2, 4)
    assert row.result_value == Decimal(50)
    assert row.status == Status.NOT_MET  # the target is 100 %


def test_an_average_delay_over_a_period_is_the_mean_over_all_its_answers(catalogue, organisation):
    # January: one answer in 2 working days; February: three in 4. Period: 14 / 4 = 3.5 days,
    # not the mean of the monthly averages (2 + 4) / 2 = 3.
    FeedbackFactory(
        organisation=organisation, received_on=D(2024, 1, 8), answered_on=D(2024, 1, 10)
    )
    for _ in range(3):
        FeedbackFactory(
            organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 9)
        )

    table = build_table(organisation, JAN, FEB, today=LATER)
    row = next(r for r in table.rows if r.indicator.code == "feedback_average_response_days")

    assert row.result == Figure(14, 4)
    assert row.result_value == Decimal("3.5")
    assert row.status == Status.MET  # ≤ 15 days


def test_the_unit_filter_keeps_the_records_of_that_unit_only(catalogue, organisation):
    reception, immigration = UnitFactory.create_batch(2, organisation=organisation)
    email(organisation, answered=D(2024, 2, 6), unit=reception)
    email(organisation, answered=D(2024, 2, 13), unit=immigration)
    email(organisation, answered=D(2024, 2, 14), unit=immigration)

    whole = build_table(organisation, FEB, FEB, today=LATER)
    one_unit = build_table(organisation, FEB, FEB, today=LATER, unit=immigration)

    def result(table):
        return next(
            r for r in table.rows if r.indicator.code == "email_answered_on_time_rate"
        ).result

    assert result(whole) == Figure(1, 3)
    assert result(one_unit) == Figure(0, 2)
    assert one_unit.unit == immigration


def test_figures_per_unit_group_the_records_of_each_unit(catalogue, organisation):
    reception, immigration = UnitFactory.create_batch(2, organisation=organisation)
    email(organisation, answered=D(2024, 2, 6), unit=reception)
    email(organisation, answered=D(2024, 2, 13), unit=immigration)
    email(organisation, answered=D(2024, 2, 7), unit=immigration)
    email(organisation, answered=D(2024, 2, 7), unit=None)

    figures = figures_of(catalogue, organisation, "email_answered_on_time_rate", by_unit=True)

    assert figures == {
        (organisation.pk, FEB, reception.pk): Figure(1, 1),
        (organisation.pk, FEB, immigration.pk): Figure(1, 2),
        (organisation.pk, FEB, None): Figure(1, 1),
    }


def test_an_empty_month_in_the_middle_breaks_the_trend_line_and_is_described(
    catalogue, organisation
):
    UpdateRequestFactory(
        organisation=organisation, received_on=D(2024, 1, 8), answered_on=D(2024, 1, 9)
    )
    UpdateRequestFactory(
        organisation=organisation, received_on=D(2024, 3, 4), answered_on=D(2024, 3, 5)
    )

    table = build_table(organisation, JAN, MAR, today=LATER, with_charts=True)
    chart = next(r for r in table.rows if r.indicator.code == "website_update_on_time_rate").chart

    assert len(chart.segments) == 2  # January, then March: February has no data
    assert chart.description == (
        "Taux de mise à jour du site internet dans le délai de 3 jours ouvrés, de janvier 2024 "
        "à mars 2024 : 2 mois avec des données sur 3, du plus bas 100,00 % (janvier 2024) au "
        "plus haut 100,00 % (janvier 2024) ; objectif = 100,00 % atteint 2 mois sur 2."
    )


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "shown"),
    [
        ("phone_answer_rate", 4699, 5090, "92,32 %"),
        ("email_average_response_days", 9, 2, "4,50 j"),
        ("digital_point_visitors", 1548, None, "1\u202f548"),
    ],
)
def test_values_are_shown_the_french_way(catalogue, code, numerator, denominator, shown):
    from qualipilote.indicators.models import format_value

    indicator = catalogue[code]
    assert format_value(indicator.value_of(numerator, denominator), indicator.unit) == shown
