"""The milestones calendar of an organisation (issue 11, item 5): the page /<org>/jalons/, the
typed milestones, their reminder in the work queue and the iCalendar feed behind a secret."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from qualipilote.assessments.tests.factories import LinkEvidenceFactory
from qualipilote.crisis.enums import EventKind
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.improvement import milestones as calendar
from qualipilote.improvement.models import Milestone
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.surveys.tests.factories import make_survey

from .factories import ActionFactory, AuditFactory

pytestmark = pytest.mark.usefixtures("in_march_2026")
TODAY = dt.date(2026, 3, 2)


def page_url(org):
    return reverse("improvement:milestones", kwargs={"org_code": org.code})


def uids_on_page(client, org):
    response = client.get(page_url(org))
    assert response.status_code == 200
    return {item.uid for month in response.context["months"] for item in month["items"]}


def one_of_each(org, framework):
    """A record of every source, all inside the window (December 2025 – March 2027)."""
    audit = AuditFactory(
        organisation=org,
        version=framework.version,
        kind="labelling",
        starts_on=dt.date(2026, 11, 16),
        ends_on=dt.date(2026, 11, 18),
    )
    action = ActionFactory(organisation=org, due_on=dt.date(2026, 4, 30))
    done = ActionFactory(
        organisation=org,
        due_on=dt.date(2026, 4, 30),
        status="done",
        completed_on=dt.date(2026, 2, 1),
    )
    wave = make_survey(org, opens_on=dt.date(2026, 10, 1), closes_on=dt.date(2026, 10, 31))
    exercise = CrisisEventFactory(
        organisation=org,
        kind=EventKind.EXERCISE,
        title="Exercice inondation",
        started_at=dt.datetime(2026, 6, 9, 8, 0, tzinfo=dt.UTC),
    )
    past_exercise = CrisisEventFactory(
        organisation=org,
        kind=EventKind.EXERCISE,
        started_at=dt.datetime(2026, 2, 9, 8, 0, tzinfo=dt.UTC),
    )
    real_event = CrisisEventFactory(
        organisation=org,
        kind=EventKind.EVENT,
        started_at=dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC),
    )
    evidence = LinkEvidenceFactory(
        assessment__organisation=org,
        expires_on=dt.date(2026, 5, 31),
    )
    typed = calendar.add_milestone(
        org, title="Bilan au COPIL", on=dt.date(2027, 1, 20), kind="committee"
    )
    return {
        "present": {
            f"audit-{audit.pk}",
            f"action-{action.pk}",
            f"enquete-{wave.pk}",
            f"exercice-{exercise.pk}",
            f"preuve-{evidence.pk}",
            f"jalon-{typed.pk}",
        },
        "absent": {
            f"action-{done.pk}",
            f"exercice-{past_exercise.pk}",
            f"exercice-{real_event.pk}",
        },
    }


def test_each_source_appears_on_the_page_and_only_the_organisations_own(
    member_client, organisation, other_organisation, framework
):
    mine = one_of_each(organisation, framework)
    theirs = one_of_each(other_organisation, framework)
    client = member_client(Role.AGENT)
    shown = uids_on_page(client, organisation)
    assert mine["present"] <= shown
    assert not shown & mine["absent"]
    assert not shown & theirs["present"]


def test_items_are_listed_by_month_from_three_months_back_to_twelve_ahead(
    quality_lead_client, organisation, framework
):
    typed = calendar.add_milestone(
        organisation, title="Comité technique", on=dt.date(2026, 2, 10), kind="committee"
    )
    calendar.add_milestone(organisation, title="Trop tôt", on=dt.date(2025, 11, 30), kind="other")
    response = quality_lead_client.get(page_url(organisation))
    months = response.context["months"]
    assert len(months) == 16
    assert months[0]["label"] == "décembre 2025" and months[-1]["label"] == "mars 2027"
    february = next(m for m in months if m["label"] == "février 2026")
    assert [item.uid for item in february["items"]] == [f"jalon-{typed.pk}"]
    assert "Trop tôt" not in response.content.decode()
    assert f'href="{page_url(organisation)}#jalon-{typed.pk}"' in response.content.decode()


def test_another_organisations_member_is_refused_the_page(client, organisation, other_organisation):
    outsider = MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD).user
    client.force_login(outsider)
    org = organisation
    assert client.get(page_url(org)).status_code == 403
    response = client.post(
        reverse("improvement:milestones_feed_token", kwargs={"org_code": org.code})
    )
    assert response.status_code == 403


def test_the_quality_lead_adds_a_typed_milestone(quality_lead_client, organisation):
    url = reverse("improvement:milestone_create", kwargs={"org_code": organisation.code})
    response = quality_lead_client.post(
        url, {"title": "BEGES 2026", "on": "2026-12-15", "kind": "beges"}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(organisation=organisation)
    assert (milestone.title, milestone.on, milestone.kind) == (
        "BEGES 2026",
        dt.date(2026, 12, 15),
        "beges",
    )


def test_an_agent_may_read_the_calendar_but_not_type_a_milestone(member_client, organisation):
    client = member_client(Role.AGENT)
    assert client.get(page_url(organisation)).status_code == 200
    url = reverse("improvement:milestone_create", kwargs={"org_code": organisation.code})
    response = client.post(url, {"title": "BEGES", "on": "2026-12-15", "kind": "beges"})
    assert response.status_code == 403
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "COPIL", "on": "", "kind": "committee"}, "on", "Indiquez la date du jalon."),
        ({"title": "COPIL", "on": "32/13/2026", "kind": "committee"}, "on", "Saisissez une date"),
        ({"title": "CO\x07PIL", "on": "2026-05-05", "kind": "committee"}, "title", "caract"),
        ({"title": "COPIL", "on": "2062-05-05", "kind": "committee"}, "on", "La date doit"),
        ({"title": "COPIL", "on": "0226-05-05", "kind": "committee"}, "on", "La date doit"),
        ({"title": "COPIL", "on": "2026-05-05", "kind": "birthday"}, "kind", "Sélectionnez"),
    ],
)
def test_bad_input_on_the_milestone_form_gets_a_french_message(
    quality_lead_client, organisation, data, field, message
):
    url = reverse("improvement:milestone_create", kwargs={"org_code": organisation.code})
    response = quality_lead_client.post(url, data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert not Milestone.objects.exists()


def test_a_removed_milestone_is_gone_and_removing_it_again_does_nothing(
    quality_lead_client, organisation, other_organisation
):
    theirs = calendar.add_milestone(
        other_organisation, title="Leur COPIL", on=dt.date(2026, 5, 5), kind="committee"
    )
    mine = calendar.add_milestone(
        organisation, title="COPIL", on=dt.date(2026, 5, 5), kind="committee"
    )
    for pk in (mine.pk, mine.pk, theirs.pk):
        url = reverse(
            "improvement:milestone_remove", kwargs={"org_code": organisation.code, "pk": pk}
        )
        assert quality_lead_client.post(url).status_code == 302
    assert list(Milestone.objects.all()) == [theirs]


def test_typed_milestones_within_30_days_remind_the_quality_lead(
    quality_lead_client, organisation, other_organisation
):
    calendar.add_milestone(organisation, title="A", on=TODAY, kind="other")
    calendar.add_milestone(organisation, title="B", on=TODAY + dt.timedelta(30), kind="other")
    calendar.add_milestone(organisation, title="C", on=TODAY + dt.timedelta(31), kind="other")
    calendar.add_milestone(organisation, title="D", on=TODAY - dt.timedelta(1), kind="other")
    calendar.add_milestone(other_organisation, title="E", on=TODAY, kind="other")
    response = quality_lead_client.get(
        reverse("organisations:home", kwargs={"org_code": organisation.code})
    )
    counts = {
        item["label"]: item
        for section in response.context["work_queue"]
        if section["key"] == "improvement"
        for item in section["counts"]
    }
    assert counts["Jalons dans les 30 jours"]["count"] == 2
    assert counts["Jalons dans les 30 jours"]["url"] == page_url(organisation)


# --- The iCalendar feed -------------------------------------------------------------------------


def new_feed_url(client, org):
    response = client.post(
        reverse("improvement:milestones_feed_token", kwargs={"org_code": org.code})
    )
    assert response.status_code == 200
    return response.context["feed_url"]


def test_the_feed_parses_back_with_the_expected_all_day_events(
    quality_lead_client, client, organisation, other_organisation, framework
):
    mine = one_of_each(organisation, framework)
    theirs = one_of_each(other_organisation, framework)
    url = new_feed_url(quality_lead_client, organisation)
    quality_lead_client.logout()
    response = client.get(url)  # anonymous, as a calendar app
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    suffix = f".{organisation.code}@qualipilote"
    assert set(events) == {uid + suffix for uid in mine["present"]}
    assert not {uid + f".{other_organisation.code}@qualipilote" for uid in theirs["present"]} & set(
        events
    )
    audit = next(e for uid, e in events.items() if uid.startswith("audit-"))
    assert audit.decoded("dtstart") == dt.date(2026, 11, 16)
    assert audit.decoded("dtend") == dt.date(2026, 11, 19)  # exclusive: all-day, three days
    copil = next(e for uid, e in events.items() if uid.startswith("jalon-"))
    assert str(copil["summary"]) == "Présentation en comité : Bilan au COPIL"
    assert str(copil["url"]).startswith("http://testserver/")
    # The same UIDs on the next fetch: calendar apps update the events in place.
    again = icalendar.Calendar.from_ical(client.get(url).content)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)


def test_a_regenerated_token_invalidates_the_old_address(quality_lead_client, client, organisation):
    old = new_feed_url(quality_lead_client, organisation)
    new = new_feed_url(quality_lead_client, organisation)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_token_or_another_organisations_token_gets_404(
    quality_lead_client, client, organisation, other_organisation
):
    token = calendar.regenerate_feed_token(other_organisation)
    for org, secret in [
        (organisation, token),
        (organisation, "inconnu"),
        (organisation, "x" * 500),
    ]:
        url = reverse("improvement:milestones_feed", kwargs={"org_code": org.code, "token": secret})
        assert client.get(url).status_code == 404
    assert not calendar.has_feed(organisation)


def test_only_the_quality_lead_regenerates_the_feed(member_client, organisation):
    client = member_client(Role.AGENT)
    response = client.post(
        reverse("improvement:milestones_feed_token", kwargs={"org_code": organisation.code})
    )
    assert response.status_code == 403
    assert not calendar.has_feed(organisation)
