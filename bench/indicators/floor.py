"""The floor: ONE hand-written SQL statement computing every computed indicator of the catalogue
for every organisation and month, one scan per register table, the way a person who knows the
rules and the schema would write it. The ORM computation (computation.computed_figures) is timed
against it and must give the same figures.

The rules, written again by hand on purpose (a cross-check of computation.py, not a copy):
a record counts in the month it was received in, in the labelling scope only; a rate counts the
records answered or past their due date, and those answered on time; an average sums the working
days taken by the answered records; the e-mail and letter indicators read the records "in the
sample": of the sampled week in a month under a sampling plan (`sampled` true), any record in a
month without one (`sampled` null), never the other days of a sampled month (`sampled` false);
a figure is flagged "sampled" when every record it counts is of the sampled week.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

MONTH = {
    "postgresql": "date_trunc('month', received_on::timestamp)::date",
    "sqlite": "strftime('%%Y-%%m-01', received_on)",
}

# Each branch gives, per organisation and month, three (numerator, denominator, sampled) triples.
FLOOR_SQL = """
SELECT 'correspondence' AS register, organisation_id, {month} AS month,
  COUNT(*) FILTER (WHERE channel = 'email' AND in_scope AND sampled IS NOT FALSE AND on_time),
  COUNT(*) FILTER (WHERE channel = 'email' AND in_scope AND sampled IS NOT FALSE
                   AND (answered_on IS NOT NULL OR due_on < %(today)s)),
  COUNT(*) FILTER (WHERE channel = 'email' AND in_scope AND sampled
                   AND (answered_on IS NOT NULL OR due_on < %(today)s)),
  SUM(working_days_taken) FILTER (WHERE channel = 'email' AND in_scope AND sampled IS NOT FALSE
                                  AND answered_on IS NOT NULL),
  COUNT(*) FILTER (WHERE channel = 'email' AND in_scope AND sampled IS NOT FALSE
                   AND answered_on IS NOT NULL),
  COUNT(*) FILTER (WHERE channel = 'email' AND in_scope AND sampled AND answered_on IS NOT NULL),
  SUM(working_days_taken) FILTER (WHERE channel = 'letter' AND in_scope AND sampled IS NOT FALSE
                                  AND answered_on IS NOT NULL),
  COUNT(*) FILTER (WHERE channel = 'letter' AND in_scope AND sampled IS NOT FALSE
                   AND answered_on IS NOT NULL),
  COUNT(*) FILTER (WHERE channel = 'letter' AND in_scope AND answered_on IS NOT NULL AND sampled)
FROM registers_correspondence
WHERE received_on >= %(start)s AND received_on < %(stop)s
GROUP BY organisation_id, {month}
UNION ALL
SELECT 'feedback', organisation_id, {month},
  COUNT(*) FILTER (WHERE in_scope AND on_time),
  COUNT(*) FILTER (WHERE in_scope AND (answered_on IS NOT NULL OR due_on < %(today)s)),
  COUNT(*) FILTER (WHERE in_scope AND (answered_on IS NOT NULL OR due_on < %(today)s)
                   AND sampled),
  SUM(working_days_taken) FILTER (WHERE in_scope AND answered_on IS NOT NULL),
  COUNT(*) FILTER (WHERE in_scope AND answered_on IS NOT NULL),
  COUNT(*) FILTER (WHERE in_scope AND answered_on IS NOT NULL AND sampled),
  NULL, NULL, NULL
FROM registers_feedback
WHERE received_on >= %(start)s AND received_on < %(stop)s
GROUP BY organisation_id, {month}
UNION ALL
SELECT 'update', organisation_id, {month},
  COUNT(*) FILTER (WHERE target = 'website' AND in_scope AND on_time),
  COUNT(*) FILTER (WHERE target = 'website' AND in_scope
                   AND (answered_on IS NOT NULL OR due_on < %(today)s)),
  COUNT(*) FILTER (WHERE target = 'website' AND in_scope
                   AND (answered_on IS NOT NULL OR due_on < %(today)s) AND sampled),
  COUNT(*) FILTER (WHERE target = 'ivr' AND in_scope AND on_time),
  COUNT(*) FILTER (WHERE target = 'ivr' AND in_scope
                   AND (answered_on IS NOT NULL OR due_on < %(today)s)),
  COUNT(*) FILTER (WHERE target = 'ivr' AND in_scope
                   AND (answered_on IS NOT NULL OR due_on < %(today)s) AND sampled),
  NULL, NULL, NULL
FROM registers_updaterequest
WHERE received_on >= %(start)s AND received_on < %(stop)s
GROUP BY organisation_id, {month}
"""

# Which indicator each triple of each branch is.
TRIPLES = {
    "correspondence": (
        "email_answered_on_time_rate",
        "email_average_response_days",
        "letter_average_response_days",
    ),
    "feedback": ("feedback_answered_on_time_rate", "feedback_average_response_days", None),
    "update": ("website_update_on_time_rate", "ivr_update_on_time_rate", None),
}
FLOOR_CODES = frozenset(code for codes in TRIPLES.values() for code in codes if code)

Key = tuple[int, dt.date]
Triple = tuple[Decimal, Decimal, bool]


def _month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def floor_figures(start: dt.date, stop: dt.date, today: dt.date) -> dict[str, dict[Key, Triple]]:
    """{indicator code: {(organisation id, month): (numerator, denominator, sampled)}} for the
    records received in [start, stop); months without a counted record are absent."""
    sql = FLOOR_SQL.format(month=MONTH[connection.vendor])
    figures: dict[str, dict[Key, Triple]] = {code: {} for code in FLOOR_CODES}
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "stop": stop, "today": today})
        for register, organisation_id, month, *numbers in cursor.fetchall():
            key = (organisation_id, _month(month))
            for index, code in enumerate(TRIPLES[register]):
                numerator, denominator, sampled = numbers[3 * index : 3 * index + 3]
                if code and denominator:
                    figures[code][key] = (
                        Decimal(numerator or 0),
                        Decimal(denominator),
                        sampled == denominator,
                    )
    return figures


def as_triples(orm_figures: dict) -> dict[str, dict[Key, Triple]]:
    """The ORM's {code: {key: Figure}} in the floor's shape, to compare them."""
    return {
        code: {
            key: (figure.numerator, figure.denominator, figure.sampled)
            for key, figure in by_key.items()
        }
        for code, by_key in orm_figures.items()
    }


def differences(orm: dict, floor: dict) -> list[str]:
    """What differs between the two results (empty when they agree), a few examples at most."""
    problems = []
    for code in sorted(set(orm) | set(floor)):
        left, right = orm.get(code, {}), floor.get(code, {})
        wrong = [key for key in set(left) | set(right) if left.get(key) != right.get(key)]
        if wrong:
            key = sorted(wrong)[0]
            problems.append(
                f"{code} : {len(wrong)} chiffre(s) différent(s), par exemple organisation "
                f"{key[0]}, {key[1]:%Y-%m} : ORM {left.get(key)} / SQL {right.get(key)}"
            )
    return problems
