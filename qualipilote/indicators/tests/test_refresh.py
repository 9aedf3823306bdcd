"""The stored figures follow the registers: a record created, changed, imported or recomputed
refreshes its month once the transaction commits (Huey runs immediately in tests); the nightly
task and the dashboard button refresh on demand; closed months are never rewritten."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.indicators import services
from qualipilote.indicators.models import MonthlyMeasurement
from qualipilote.indicators.tasks import refresh_open_months_nightly
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers.imports import import_register
from qualipilote.registers.services import add_closure_day
from qualipilote.registers.tests.factories import CorrespondenceFactory, FeedbackFactory

D = dt.date
FEB = D(2024, 2, 1)
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    # Friday 15 March 2024, Europe/Paris.
    with time_machine.travel(dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def stored(organisation, code="feedback_answered_on_time_rate", month=FEB):
    measurement = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__code=code, month=month)
        .first()
    )
    return None if measurement is None else (measurement.numerator, measurement.denominator)


def test_a_record_saved_refreshes_its_month_once_committed(
    catalogue, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        FeedbackFactory(
            organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6)
        )
    assert stored(organisation) is None  # nothing before the commit

    for callback in callbacks:
        callback()

    assert stored(organisation) == (1, 1)
    assert stored(organisation, "feedback_average_response_days") == (1, 1)


def test_a_record_entered_in_the_register_page_refreshes_the_figures(
    catalogue, organisation, member_client, django_capture_on_commit_callbacks
):
    client = member_client(Role.AGENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registers:correspondence_new", kwargs={"org_code": organisation.code}),
            {
                "received_on": "05/02/2024",
                "channel": "email",
                "in_scope": "on",
                "answered_on": "06/02/2024",
                "save": "1",
            },
        )

    assert response.status_code == 302
    assert stored(organisation, "email_answered_on_time_rate") == (1, 1)


def test_a_record_posted_and_answered_through_the_api_refreshes_the_figures(
    catalogue, organisation, django_capture_on_commit_callbacks
):
    _token, raw = ApiToken.issue(organisation, "CMS")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    base = f"/api/v1/organisations/{organisation.code}/feedback/"

    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            base,
            {"kind": "complaint", "source": "letter", "received_on": "2024-02-05"},
            format="json",
        )
    pending = stored(organisation)  # due 26 February, unanswered on 15 March: overdue
    with django_capture_on_commit_callbacks(execute=True):
        api.patch(f"{base}{created.data['id']}/", {"answered_on": "2024-02-07"}, format="json")

    assert created.status_code == 201, created.data
    assert pending == (0, 1)
    assert stored(organisation) == (1, 1)


def test_a_corrected_date_of_receipt_refreshes_both_months(
    catalogue, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = FeedbackFactory(
            organisation=organisation, received_on=D(2024, 1, 8), answered_on=D(2024, 2, 6)
        )
    assert stored(organisation, month=D(2024, 1, 1)) == (0, 1)  # 20 working days: late

    with django_capture_on_commit_callbacks(execute=True):
        record = type(record).objects.get(pk=record.pk)
        record.received_on = D(2024, 2, 5)
        record.save()

    assert stored(organisation, month=D(2024, 1, 1)) is None
    assert stored(organisation) == (1, 1)


def test_an_imported_register_file_refreshes_its_months(
    catalogue, organisation, django_capture_on_commit_callbacks
):
    raw = (
        b"recu_le;canal;perimetre;semaine_echantillon;repondu_le\n"
        b"05/02/2024;courriel;oui;oui;06/02/2024\n"
        b"08/01/2024;courriel;oui;oui;\n"
    )

    with django_capture_on_commit_callbacks(execute=True):
        import_register(organisation, "correspondence", raw, "courriels.csv", today=D(2024, 3, 15))

    assert stored(organisation, "email_answered_on_time_rate") == (1, 1)
    assert stored(organisation, "email_answered_on_time_rate", D(2024, 1, 1)) == (0, 1)


def test_a_calendar_change_that_moves_deadlines_refreshes_the_figures(
    catalogue, organisation, django_capture_on_commit_callbacks
):
    # Received Mon 5 Feb, answered Tue 13 Feb: 6 working days, late. Closing Fri 9 Feb
    # makes it 5 working days, on time.
    with django_capture_on_commit_callbacks(execute=True):
        CorrespondenceFactory(
            organisation=organisation,
            channel="email",
            received_on=D(2024, 2, 5),
            answered_on=D(2024, 2, 13),
        )
    late = stored(organisation, "email_answered_on_time_rate")

    with django_capture_on_commit_callbacks(execute=True):
        add_closure_day(organisation, date=D(2024, 2, 9), label="Fermeture exceptionnelle")

    assert late == (0, 1)
    assert stored(organisation, "email_answered_on_time_rate") == (1, 1)


def test_the_nightly_task_refreshes_every_organisation_but_not_closed_months(
    catalogue, organisation, other_organisation
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    services.close_month(organisation, D(2024, 1, 1), user=lead, today=D(2024, 3, 15))
    FeedbackFactory(organisation=organisation, received_on=D(2024, 1, 8), answered_on=D(2024, 1, 9))
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6))
    FeedbackFactory(organisation=other_organisation, received_on=D(2024, 2, 5))

    refresh_open_months_nightly.call_local()

    assert stored(organisation) == (1, 1)
    assert stored(other_organisation) == (0, 1)  # overdue since 26 February
    assert stored(organisation, month=D(2024, 1, 1)) is None  # closed without data: stays so


def test_a_pending_record_enters_the_stored_rate_the_night_after_its_due_date(
    catalogue, organisation
):
    FeedbackFactory(organisation=organisation, received_on=D(2024, 3, 1))  # due 22 March

    refresh_open_months_nightly.call_local()
    before = stored(organisation, month=D(2024, 3, 1))
    with time_machine.travel(dt.datetime(2024, 3, 23, 1, 30, tzinfo=dt.UTC), tick=False):
        refresh_open_months_nightly.call_local()

    assert before is None
    assert stored(organisation, month=D(2024, 3, 1)) == (0, 1)


def test_the_refresh_button_recomputes_the_stored_figures(
    catalogue, organisation, quality_lead_client
):
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6))

    response = quality_lead_client.post(
        reverse("indicators:refresh", kwargs={"org_code": organisation.code}), follow=True
    )

    assert "Mise à jour demandée" in response.content.decode()
    assert stored(organisation) == (1, 1)


def test_the_compute_indicators_command_stores_the_months_asked_for(catalogue, organisation):
    from io import StringIO

    from django.core.management import CommandError, call_command

    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6))
    out = StringIO()

    call_command("compute_indicators", "--from", "2024-01", "--to", "2024-02", stdout=out)

    assert stored(organisation) == (1, 1)
    assert "Mesures recalculées de 01/2024 à 02/2024 : 2 ligne(s) écrite(s)." in out.getvalue()
    with pytest.raises(CommandError, match="« 2024-13 » n'est pas un mois"):
        call_command("compute_indicators", "--from", "2024-13")


def test_the_nightly_refresh_in_batches_stores_what_one_national_refresh_stores(
    catalogue, organisation, other_organisation
):
    FeedbackFactory(organisation=organisation, received_on=D(2024, 2, 5), answered_on=D(2024, 2, 6))
    FeedbackFactory(organisation=other_organisation, received_on=D(2024, 2, 5))
    period = {"start": D(2024, 1, 1), "end": D(2024, 2, 1), "today": D(2024, 3, 15)}

    written = services.refresh_measurements_in_batches(**period, batch=1)

    assert written > 0
    assert stored(organisation) == (1, 1)
    assert stored(other_organisation) == (0, 1)
    assert services.refresh_measurements(**period) == 0  # nothing left to change
