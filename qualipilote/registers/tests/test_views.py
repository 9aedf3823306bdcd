"""Register pages: who may do what, organisation isolation, the fast entry form."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.models import Correspondence, Feedback, FeedbackAuthor

from .factories import CorrespondenceFactory, FeedbackFactory, UpdateRequestFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    # Wednesday 15 May 2024, Europe/Paris.
    with time_machine.travel(dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def url(name, org="pref-74", **kwargs):
    return reverse(f"registers:{name}", kwargs={"org_code": org, **kwargs})


ENTRY = {
    "received_on": "2024-05-13",
    "channel": "email",
    "in_scope": "on",
    "topic": "Titre de séjour",
}


@pytest.mark.parametrize("role", [Role.AGENT, Role.QUALITY_CORRESPONDENT, Role.QUALITY_LEAD])
def test_recording_roles_can_enter_a_correspondence(member_client, organisation, role):
    response = member_client(role).post(url("correspondence_new"), {**ENTRY, "save": "1"})
    record = Correspondence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("correspondence_detail", pk=record.pk)
    # 14, 15, 16, 17, 21 May (Whit Monday 20 May off): computed, not typed.
    assert (record.due_on, record.created_by) == (D(2024, 5, 21), response.wsgi_request.user)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR, Role.DIRECTOR])
def test_reading_roles_cannot_enter_but_can_read(member_client, organisation, role):
    record = CorrespondenceFactory(organisation=organisation, topic="Naturalisation")
    client = member_client(role)
    assert client.post(url("correspondence_new"), ENTRY).status_code == 403
    assert client.get(url("correspondence_edit", pk=record.pk)).status_code == 403
    assert Correspondence.objects.count() == 1
    assert "Naturalisation" in client.get(url("correspondence_list")).content.decode()
    assert client.get(url("correspondence_detail", pk=record.pk)).status_code == 200


def test_another_organisations_record_is_not_found(
    quality_lead_client, organisation, other_organisation
):
    foreign = CorrespondenceFactory(organisation=other_organisation)
    foreign_feedback = FeedbackFactory(organisation=other_organisation)
    assert quality_lead_client.get(url("correspondence_detail", pk=foreign.pk)).status_code == 404
    assert quality_lead_client.get(url("correspondence_edit", pk=foreign.pk)).status_code == 404
    assert (
        quality_lead_client.get(url("feedback_detail", pk=foreign_feedback.pk)).status_code == 404
    )


def test_another_organisations_records_are_not_listed(
    quality_lead_client, organisation, other_organisation
):
    CorrespondenceFactory(organisation=other_organisation, topic="Dossier savoyard")
    assert (
        "Dossier savoyard"
        not in quality_lead_client.get(url("correspondence_list")).content.decode()
    )


def test_save_and_next_keeps_the_same_as_previous_fields(member_client, organisation):
    unit = UnitFactory(organisation=organisation, name="Bureau des étrangers")
    client = member_client(Role.AGENT)
    response = client.post(
        url("correspondence_new"),
        {**ENTRY, "channel": "letter", "unit": unit.pk, "save_and_next": "1"},
    )
    assert response.status_code == 302
    next_form = client.get(response["Location"]).context["form"]
    assert next_form["received_on"].value() == D(2024, 5, 13)
    assert next_form["channel"].value() == "letter"
    assert str(next_form["unit"].value()) == str(unit.pk)
    assert next_form["in_scope"].value() is True
    assert not next_form["topic"].value()
    # the cursor starts on the first field that is not kept
    assert next_form.fields["received_at"].widget.attrs.get("autofocus")


def test_a_blank_entry_form_starts_on_the_date_of_receipt(member_client, organisation):
    response = member_client(Role.AGENT).get(url("correspondence_new"))
    form = response.context["form"]
    assert [name for name, field in form.fields.items() if field.widget.attrs.get("autofocus")] == [
        "received_on"
    ]
    # Enter submits the first button of the form: "Enregistrer et saisir le suivant"
    html = response.content.decode()
    assert html.index('name="save_and_next"') < html.index('name="save"')


def test_errors_are_shown_in_french_next_to_the_field(member_client, organisation):
    response = member_client(Role.AGENT).post(
        url("correspondence_new"), {**ENTRY, "answered_on": "2024-05-10", "save": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["answered_on"] == [
        "La date de réponse ne peut pas précéder la date de réception."
    ]
    assert not Correspondence.objects.exists()


def test_answer_is_set_later_and_the_history_shows_it(member_client, organisation):
    record = CorrespondenceFactory(organisation=organisation, received_on=D(2024, 5, 13))
    client = member_client(Role.AGENT)
    data = {**ENTRY, "answered_on": "2024-05-15"}
    assert client.post(url("correspondence_edit", pk=record.pk), data).status_code == 302
    record.refresh_from_db()
    assert (record.answered_on, record.working_days_taken, record.on_time) == (
        D(2024, 5, 15),
        2,
        True,
    )
    page = client.get(url("correspondence_detail", pk=record.pk)).content.decode()
    assert "Historique des modifications" in page
    assert "Répondu le :" in page


@pytest.fixture
def open_items(organisation):
    return {
        # due Tue 14 May: overdue on the 15th
        "late": CorrespondenceFactory(
            organisation=organisation, received_on=D(2024, 5, 3), topic="Dossier tardif"
        ),
        # due Thu 16 May: due within one working day
        "soon": CorrespondenceFactory(
            organisation=organisation, received_on=D(2024, 5, 7), topic="Dossier proche"
        ),
        # due Tue 21 May
        "later": CorrespondenceFactory(
            organisation=organisation, received_on=D(2024, 5, 13), topic="Dossier lointain"
        ),
    }


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("vue=en-retard", {"Dossier tardif"}),
        ("vue=a-echeance", {"Dossier proche"}),
        ("status=pending", {"Dossier proche", "Dossier lointain"}),
        ("received_from=2024-05-07&received_to=2024-05-10", {"Dossier proche"}),
        ("channel=letter", set()),
    ],
)
def test_list_views_and_filters(quality_lead_client, open_items, query, shown):
    page = quality_lead_client.get(url("correspondence_list") + "?" + query).content.decode()
    assert {
        topic for topic in ("Dossier tardif", "Dossier proche", "Dossier lointain") if topic in page
    } == shown


def test_overview_counts_per_register(quality_lead_client, open_items):
    figures = {
        row.register: row for row in quality_lead_client.get(url("index")).context["figures"]
    }
    assert (figures["email"].due_within, figures["email"].overdue, figures["email"].total) == (
        1,
        1,
        3,
    )


def test_feedback_entry_keeps_the_author_apart(member_client, organisation):
    response = member_client(Role.AGENT).post(
        url("feedback_new"),
        {
            "kind": "complaint",
            "source": "letter",
            "received_on": "2024-05-13",
            "in_scope": "on",
            "description": "Attente trop longue",
            "auteur-name": "Camille Martin",
            "auteur-email": "camille@example.org",
        },
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert feedback.reference == "AV-74-2024-00001"
    assert FeedbackAuthor.objects.get(feedback=feedback).name == "Camille Martin"


def test_update_request_pages(member_client, organisation):
    record = UpdateRequestFactory(
        organisation=organisation, target="ivr", received_on=D(2024, 5, 13)
    )
    client = member_client(Role.AGENT)
    assert "Serveur vocal" in client.get(url("update_request_list")).content.decode()
    response = client.post(
        url("update_request_edit", pk=record.pk),
        {
            "target": "ivr",
            "received_on": "2024-05-13",
            "description": "Horaires",
            "in_scope": "on",
            "answered_on": "2024-05-14",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.on_time is True


def test_only_the_quality_lead_changes_a_delay(member_client, organisation):
    data = {
        "register": "email",
        "working_days": "3",
        "valid_from": "2024-06-01",
        "note": "Nouvelle charte",
    }
    assert member_client(Role.AGENT).post(url("deadline_rule_change"), data).status_code == 403
    response = member_client(Role.QUALITY_LEAD).post(url("deadline_rule_change"), data)
    assert response.status_code == 302
    assert organisation.deadline_rules.filter(register="email", working_days=3).exists()


def test_calendar_page_adds_a_closure_day(member_client, organisation):
    agent = member_client(Role.AGENT)
    data = {"date": "2024-05-10", "label": "Pont de l'Ascension"}
    assert agent.post(url("closure_day_add"), data).status_code == 403
    lead = member_client(Role.QUALITY_LEAD)
    assert lead.post(url("closure_day_add"), data).status_code == 302
    assert "Pont de l&#x27;Ascension" in lead.get(url("calendar")).content.decode()


def test_every_register_page_renders_for_a_reader(member_client, organisation):
    feedback = FeedbackFactory(organisation=organisation)
    update = UpdateRequestFactory(organisation=organisation)
    client = member_client(Role.VIEWER)
    for name, kwargs in [
        ("index", {}),
        ("correspondence_list", {}),
        ("feedback_list", {}),
        ("feedback_detail", {"pk": feedback.pk}),
        ("update_request_list", {}),
        ("update_request_detail", {"pk": update.pk}),
        ("deadline_rules", {}),
        ("calendar", {}),
    ]:
        response = client.get(url(name, **kwargs))
        assert response.status_code == 200, name
        # django-dsfr's own templates aside (csp_nonce, the optional widget group_class read
        # through |default), every variable exists
        invalid = set(
            re.findall(r"INVALID_TEMPLATE_VARIABLE\(([^)]*)\)", response.content.decode())
        )
        assert invalid <= {"request.csp_nonce", "field.field.widget.group_class"}, name


def test_whit_monday_setting_recomputes_from_the_calendar_page(member_client, organisation):
    update = UpdateRequestFactory(organisation=organisation, received_on=D(2024, 5, 17))
    response = member_client(Role.QUALITY_LEAD).post(
        url("whit_monday_setting"), {"whit_monday_worked": "on"}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    organisation.refresh_from_db()
    assert organisation.whit_monday_worked is True
    # 20, 21, 22 May 2024 once Whit Monday is worked
    assert update.due_on == D(2024, 5, 22)


def test_organisation_home_shows_the_registers_panel(quality_lead_client, open_items):
    page = quality_lead_client.get(
        reverse("organisations:home", kwargs={"org_code": "pref-74"})
    ).content.decode()
    assert "1 dossier à échéance (1 jour ouvré), 1 en retard." in page
