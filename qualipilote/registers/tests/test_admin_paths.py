"""No path around the rules: whatever the Django admin lets a superuser do, every record's due date
still follows the organisation's deadline rules and calendar (the services recompute them), the
month's figures are told when records go, and a tenant's data stays the tenant's."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualipilote.api.models import ApiToken
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import ClosureDay, Organisation
from qualipilote.registers import hooks, services
from qualipilote.registers.deadlines import DeadlineComputer
from qualipilote.registers.models import (
    Correspondence,
    DeadlineRule,
    Feedback,
    FeedbackAuthor,
    UpdateRequest,
)
from qualipilote.registers.purge import purge_personal_data

from .factories import CorrespondenceFactory, FeedbackAuthorFactory, FeedbackFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def records(organisation):
    """E-mails around Good Friday (3 April 2026, a holiday in Moselle only), Whit Monday
    (25 May 2025) and a closure day to come."""
    return [
        CorrespondenceFactory(organisation=organisation, received_on=D(2026, 4, 1)),
        CorrespondenceFactory(
            organisation=organisation, received_on=D(2026, 3, 30), answered_on=D(2026, 4, 7)
        ),
        CorrespondenceFactory(organisation=organisation, received_on=D(2025, 6, 5)),
        CorrespondenceFactory(organisation=organisation, received_on=D(2026, 4, 28)),
        FeedbackFactory(organisation=organisation, received_on=D(2026, 4, 1)),
    ]


def assert_deadlines_follow_the_rules(organisation):
    """Every stored due date and delay equals what the rules and calendar give today."""
    organisation.refresh_from_db()
    computer = DeadlineComputer.for_organisation(organisation)
    for model in (Correspondence, Feedback, UpdateRequest):
        for record in model.objects.filter(organisation=organisation):
            stored = tuple(getattr(record, name) for name in model.COMPUTED_FIELDS)
            computer.apply(record)
            fresh = tuple(getattr(record, name) for name in model.COMPUTED_FIELDS)
            assert stored == fresh, (record, stored, fresh)


def admin_url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def admin_form(admin_client, url) -> dict:
    """The fields the admin's change form posts, with their current values."""
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    return data


# --- Deadline rules: read-only, changed on the organisation's page ------------------------------


def test_a_deadline_rule_cannot_be_changed_in_the_admin(admin_client, organisation, records):
    rule = DeadlineRule.objects.get(organisation=organisation, register="email")
    url = admin_url(DeadlineRule, "change", rule.pk)
    page = admin_client.get(url).content.decode()
    delays_page = reverse("registers:deadline_rules", kwargs={"org_code": organisation.code})

    admin_client.post(
        url,
        {
            "organisation": organisation.pk,
            "register": "email",
            "working_days": 2,
            "valid_from": "2015-01-01",
        },
    )

    assert delays_page in page
    rule.refresh_from_db()
    assert rule.working_days == 5
    assert_deadlines_follow_the_rules(organisation)
    assert admin_client.get(admin_url(DeadlineRule, "add")).status_code == 403
    assert admin_client.post(admin_url(DeadlineRule, "delete", rule.pk), {"post": "yes"})
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()


# --- Calendar: closure days and the organisation's calendar settings ----------------------------


def test_a_closure_day_cannot_be_added_in_the_admin(admin_client, organisation, records):
    calendar_page = reverse("registers:calendar", kwargs={"org_code": organisation.code})
    admin_client.post(
        admin_url(ClosureDay, "add"),
        {"organisation": organisation.pk, "date": "2026-04-29", "label": "Pont"},
    )

    assert not ClosureDay.objects.exists()
    assert_deadlines_follow_the_rules(organisation)
    services.add_closure_day(organisation, date=D(2026, 4, 29), label="Pont")
    assert calendar_page in admin_client.get(admin_url(ClosureDay, "changelist")).content.decode()


def test_a_closure_day_cannot_be_removed_in_the_admin(admin_client, organisation, records):
    closure = services.add_closure_day(organisation, date=D(2026, 4, 29), label="Pont")
    admin_client.post(admin_url(ClosureDay, "delete", closure.pk), {"post": "yes"})

    assert ClosureDay.objects.filter(pk=closure.pk).exists()
    assert_deadlines_follow_the_rules(organisation)


@pytest.mark.parametrize(("field", "value"), [("departement", "57"), ("whit_monday_worked", "on")])
def test_the_calendar_settings_of_an_organisation_are_read_only_in_the_admin(
    admin_client, organisation, records, field, value
):
    url = admin_url(Organisation, "change", organisation.pk)
    data = admin_form(admin_client, url) | {field: value}
    data |= {
        f"{prefix}-{suffix}": count
        for prefix in ("units", "sites")
        for suffix, count in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    organisation.refresh_from_db()
    assert (organisation.departement, organisation.whit_monday_worked) == ("74", False)
    assert_deadlines_follow_the_rules(organisation)
    calendar_page = reverse("registers:calendar", kwargs={"org_code": organisation.code})
    assert calendar_page in admin_client.get(url).content.decode()


def test_an_organisation_created_in_the_admin_gets_every_default(admin_client, db):
    admin_client.post(
        admin_url(Organisation, "add"),
        {
            "code": "pref-57",
            "name": "Préfecture de la Moselle",
            "kind": "prefecture",
            "departement": "57",
            "personal_data_retention_months": 24,
            **{
                f"{prefix}-{suffix}": count
                for prefix in ("units", "sites")
                for suffix, count in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
            },
        },
    )
    organisation = Organisation.objects.get(code="pref-57")
    assert DeadlineRule.objects.filter(organisation=organisation).count() == 6
    record = CorrespondenceFactory(organisation=organisation, received_on=D(2026, 4, 1))
    assert record.due_on is not None


# --- The département: a service that recomputes every record ------------------------------------


def test_changing_the_departement_recomputes_every_record(organisation, records):
    email_due_before = records[0].due_on

    services.change_departement(organisation, "57")

    organisation.refresh_from_db()
    assert organisation.departement == "57"
    assert_deadlines_follow_the_rules(organisation)
    first = Correspondence.objects.get(pk=records[0].pk)
    # Good Friday is not worked in Moselle: the e-mail of 1 April is due a day later.
    assert (email_due_before, first.due_on) == (D(2026, 4, 9), D(2026, 4, 10))


def test_an_unknown_departement_is_refused_in_french(organisation):
    with pytest.raises(ValidationError, match="n'est pas un code de département"):
        services.change_departement(organisation, "20")
    organisation.refresh_from_db()
    assert organisation.departement == "74"


def test_the_quality_lead_changes_the_departement_on_the_calendar_page(
    member_client, organisation, records
):
    url = reverse("registers:departement_setting", kwargs={"org_code": organisation.code})
    assert member_client(Role.AGENT).post(url, {"departement": "57"}).status_code == 403

    response = member_client(Role.QUALITY_LEAD).post(url, {"departement": "57"}, follow=True)

    assert "Département enregistré" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.departement == "57"
    assert_deadlines_follow_the_rules(organisation)


def test_a_wrong_departement_on_the_calendar_page_is_explained(member_client, organisation):
    url = reverse("registers:departement_setting", kwargs={"org_code": organisation.code})
    response = member_client(Role.QUALITY_LEAD).post(url, {"departement": "99"})
    assert response.status_code == 200
    assert "99" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.departement == "74"


# --- Register records ---------------------------------------------------------------------------


def test_a_record_saved_in_the_admin_gets_its_deadline_computed(
    admin_client, organisation, records
):
    record = records[0]
    url = admin_url(Correspondence, "change", record.pk)
    data = admin_form(admin_client, url) | {"received_on": "2026-04-20"}

    assert admin_client.post(url, data).status_code == 302

    record.refresh_from_db()
    assert record.received_on == D(2026, 4, 20)
    assert_deadlines_follow_the_rules(organisation)


def test_records_deleted_in_the_admin_tell_the_indicators_their_months(
    admin_client, organisation, records, monkeypatch
):
    told = []
    monkeypatch.setattr(hooks, "_subscribers", [lambda org, days: told.append(set(days))])

    admin_client.post(admin_url(Correspondence, "delete", records[2].pk), {"post": "yes"})
    admin_client.post(
        admin_url(Correspondence, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [records[0].pk, records[3].pk],
            "post": "yes",
        },
    )

    assert not Correspondence.objects.filter(pk__in=[records[0].pk, records[2].pk]).exists()
    assert {D(2025, 6, 5)} in told
    assert {D(2026, 4, 1), D(2026, 4, 28)} in told


def test_an_anonymised_author_cannot_be_filled_again_in_the_admin(admin_client, organisation):
    author = FeedbackAuthorFactory(
        feedback=FeedbackFactory(organisation=organisation, received_on=D(2019, 3, 4))
    )
    purge_personal_data([organisation], today=D(2026, 5, 4))
    url = admin_url(FeedbackAuthor, "change", author.pk)
    admin_client.post(url, admin_form(admin_client, url) | {"name": "Jeanne Ancienne"})

    author.refresh_from_db()
    assert author.name == ""


# --- Integration tokens -------------------------------------------------------------------------


def test_a_token_cannot_be_moved_to_another_organisation(
    admin_client, organisation, other_organisation
):
    token, _raw = ApiToken.issue(organisation, "CMS")
    url = admin_url(ApiToken, "change", token.pk)
    admin_client.post(url, admin_form(admin_client, url) | {"organisation": other_organisation.pk})

    token.refresh_from_db()
    assert token.organisation == organisation
    assert admin_client.get(admin_url(ApiToken, "add")).status_code == 403
