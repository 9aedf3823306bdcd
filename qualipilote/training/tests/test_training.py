"""Issue 13, item 2: training needs, sessions and attendance, tutoring, the newcomers' day and
awareness, and the figures per year and unit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.training import services
from qualipilote.training.apps import TrainingConfig
from qualipilote.training.models import TrainingNeed, TrainingSession, TutoringPair
from qualipilote.training.review import annual_review

from .factories import member, session

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def units(organisation):
    return (
        UnitFactory(organisation=organisation, code="bae", name="Bureau de l'accueil"),
        UnitFactory(organisation=organisation, code="bcic", name="Bureau de la circulation"),
    )


def test_a_tutor_cannot_tutor_themself(organisation):
    newcomer = member(organisation, arrived=D(2025, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.create_tutoring(
            organisation, tutor=newcomer, newcomer=newcomer, starts_on=D(2025, 2, 3)
        )
    assert "propre tuteur" in str(refused.value.message_dict["tutor"])
    assert not TutoringPair.objects.exists()


def test_the_database_refuses_self_tutoring_too(organisation):
    newcomer = member(organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        TutoringPair.objects.create(
            organisation=organisation, tutor=newcomer, newcomer=newcomer, starts_on=D(2025, 1, 1)
        )


def test_a_tutoring_period_ends_after_it_starts(organisation):
    tutor, newcomer = member(organisation), member(organisation, arrived=D(2025, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.create_tutoring(
            organisation,
            tutor=tutor,
            newcomer=newcomer,
            starts_on=D(2025, 5, 1),
            ends_on=D(2025, 4, 1),
        )
    assert "ne peut pas précéder son début" in str(refused.value.message_dict["ends_on"])


def test_tutoring_starts_on_or_after_arrival(organisation):
    tutor, newcomer = member(organisation), member(organisation, arrived=D(2025, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.create_tutoring(
            organisation, tutor=tutor, newcomer=newcomer, starts_on=D(2025, 1, 15)
        )
    assert "avant l'arrivée" in str(refused.value.message_dict["starts_on"])


def test_one_tutor_at_a_time(organisation):
    first, second = member(organisation), member(organisation)
    newcomer = member(organisation, arrived=D(2025, 2, 1))
    services.create_tutoring(
        organisation,
        tutor=first,
        newcomer=newcomer,
        starts_on=D(2025, 2, 1),
        ends_on=D(2025, 7, 31),
    )
    with pytest.raises(ValidationError):
        services.create_tutoring(
            organisation, tutor=second, newcomer=newcomer, starts_on=D(2025, 6, 1)
        )
    services.create_tutoring(organisation, tutor=second, newcomer=newcomer, starts_on=D(2025, 8, 1))
    assert TutoringPair.objects.filter(newcomer=newcomer).count() == 2


def test_a_tutor_of_another_organisation_is_refused(organisation, other_organisation):
    stranger = member(other_organisation)
    newcomer = member(organisation, arrived=D(2025, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.create_tutoring(
            organisation, tutor=stranger, newcomer=newcomer, starts_on=D(2025, 2, 3)
        )
    assert "membre de l'organisation" in str(refused.value.message_dict["tutor"])


def test_session_attendees_are_members_and_duration_is_bounded(organisation, other_organisation):
    with pytest.raises(ValidationError) as refused:
        session(organisation, [member(other_organisation)], hours="0")
    assert set(refused.value.message_dict) == {"attendees", "duration_hours"}
    assert not TrainingSession.objects.exists()


def test_attendance_only_for_registered_members(organisation):
    registered, outsider = member(organisation), member(organisation)
    held = session(organisation, [registered])
    with pytest.raises(ValidationError):
        services.record_attendance(held, [outsider])
    assert services.record_attendance(held, [registered]) == 1
    assert held.attendances.get().present is True


def test_awareness_once_and_not_before_arrival(organisation):
    newcomer = member(organisation, arrived=D(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.record_awareness(organisation, member=newcomer, on=D(2025, 2, 1))
    services.record_awareness(organisation, member=newcomer, on=D(2025, 3, 20))
    with pytest.raises(ValidationError) as refused:
        services.record_awareness(organisation, member=newcomer, on=D(2025, 3, 21))
    assert "déjà enregistrée" in str(refused.value.message_dict["member"])


def test_figures_per_unit_count_the_years_newcomers(organisation, units):
    reception, traffic = units
    tutor = member(organisation, unit=reception, arrived=D(2019, 5, 1))
    a = member(organisation, unit=reception, arrived=D(2025, 2, 1))
    b = member(organisation, unit=reception, arrived=D(2025, 9, 1))
    c = member(organisation, unit=traffic, arrived=D(2025, 4, 1))
    member(organisation, unit=traffic, arrived=D(2024, 12, 31))  # last year's newcomer
    services.create_tutoring(organisation, tutor=tutor, newcomer=a, starts_on=D(2025, 2, 1))
    services.create_tutoring(organisation, tutor=tutor, newcomer=c, starts_on=D(2025, 4, 1))
    reception_day = session(organisation, [a, b, c], hours="3.5")
    services.record_attendance(reception_day, [a, c])
    tools = session(organisation, [tutor, a], theme="outils", hours="7", title="Logiciel courrier")
    services.record_attendance(tools, [tutor, a])
    services.record_awareness(organisation, member=b, on=D(2025, 9, 5))

    by_unit = {f.unit_name: f for f in services.year_figures(organisation, 2025)}
    assert by_unit["Bureau de l'accueil"].newcomers == 2
    assert (
        by_unit["Bureau de l'accueil"].tutored.count,
        by_unit["Bureau de l'accueil"].tutored.total,
    ) == (1, 2)
    assert by_unit["Bureau de l'accueil"].trained_on_reception.percent == Decimal("50.0")
    assert by_unit["Bureau de l'accueil"].aware.count == 1
    assert by_unit["Bureau de l'accueil"].training_hours == Decimal("17.5")  # 3.5 + 7 + 7
    assert by_unit["Bureau de la circulation"].newcomers == 1
    assert by_unit["Bureau de la circulation"].tutored.percent == Decimal("100.0")
    total = by_unit["Toute l'organisation"]
    assert (total.newcomers, total.tutored.count, total.trained_on_reception.count) == (3, 2, 2)
    assert total.training_hours == Decimal("21.0")


def test_a_year_without_newcomers_has_no_share(organisation):
    total = services.year_figures(organisation, 2025)[-1]
    assert total.newcomers == 0 and total.tutored.percent is None


def test_the_annual_review_states_an_empty_year(organisation):
    (section,) = annual_review(organisation, 2025)
    assert section.order == 110 and section.is_empty
    assert "Aucune formation" in section.empty_statement


def test_the_annual_review_gives_the_years_figures(organisation):
    tutor = member(organisation, arrived=D(2019, 5, 1))
    newcomer = member(organisation, arrived=D(2025, 2, 1))
    services.create_tutoring(organisation, tutor=tutor, newcomer=newcomer, starts_on=D(2025, 2, 1))
    held = session(organisation, [newcomer], kind="newcomers_day", title="Journée d'accueil")
    services.record_attendance(held, [newcomer])
    (section,) = TrainingConfig.annual_review(None, organisation, 2025)
    text = " ".join(section.paragraphs)
    assert "1 journée(s) d'accueil" in text and "3,5 h" in text
    assert "1 / 1 (100,0 %) avec un tuteur" in text


def test_index_shows_the_counts_behind_each_share(member_client, organisation):
    client = member_client(Role.VIEWER)
    newcomer = member(organisation, arrived=D(2025, 2, 1))
    services.create_tutoring(
        organisation, tutor=member(organisation), newcomer=newcomer, starts_on=D(2025, 2, 1)
    )
    response = client.get(reverse("training:index", kwargs={"org_code": "pref-74"}) + "?year=2025")
    assert response.status_code == 200
    assert "1 / 1" in response.content.decode()


def test_a_viewer_cannot_record(member_client, organisation):
    client = member_client(Role.VIEWER)
    url = reverse("training:session_create", kwargs={"org_code": "pref-74"})
    assert client.get(url).status_code == 403


def test_another_organisation_is_refused(member_client, organisation, other_organisation):
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert client.get(reverse("training:index", kwargs={"org_code": "pref-74"})).status_code in (
        403,
        404,
    )
    held = session(organisation, [])
    mine = member_client(Role.QUALITY_LEAD, org=other_organisation)
    url = reverse("training:session", kwargs={"org_code": "pref-73", "pk": held.pk})
    assert mine.get(url).status_code == 404


def test_the_form_shows_the_self_tutoring_message(quality_lead_client, organisation):
    newcomer = member(organisation, arrived=D(2025, 2, 1))
    url = reverse("training:tutoring_create", kwargs={"org_code": "pref-74"})
    response = quality_lead_client.post(
        url, {"tutor": newcomer.pk, "newcomer": newcomer.pk, "starts_on": "2025-02-03"}
    )
    assert response.status_code == 200
    assert "propre tuteur" in response.content.decode()


def test_dates_in_the_wrong_order_through_the_form(quality_lead_client, organisation):
    tutor, newcomer = member(organisation), member(organisation, arrived=D(2025, 2, 1))
    url = reverse("training:tutoring_create", kwargs={"org_code": "pref-74"})
    response = quality_lead_client.post(
        url,
        {
            "tutor": tutor.pk,
            "newcomer": newcomer.pk,
            "starts_on": "2025-05-01",
            "ends_on": "2025-04-01",
        },
    )
    assert "ne peut pas précéder son début" in response.content.decode()
    assert not TutoringPair.objects.exists()


def test_html_in_a_need_is_shown_as_text(quality_lead_client, organisation):
    agent = member(organisation)
    url = reverse("training:need_create", kwargs={"org_code": "pref-74"})
    response = quality_lead_client.post(
        url,
        {
            "member": agent.pk,
            "origin": "annual_review",
            "theme": "outils",
            "description": "<script>alert(1)</script>Formation <b>SVI</b>",
            "expressed_on": "2025-03-01",
        },
    )
    assert response.status_code == 302
    assert TrainingNeed.objects.get().description.startswith("<script>")
    page = quality_lead_client.get(
        reverse("training:index", kwargs={"org_code": "pref-74"}) + "?year=2025"
    )
    html = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_control_characters_are_refused(quality_lead_client, organisation):
    url = reverse("training:session_create", kwargs={"org_code": "pref-74"})
    response = quality_lead_client.post(
        url,
        {
            "kind": "training",
            "title": "Accueil\x00",
            "theme": "accueil",
            "held_on": "2025-03-01",
            "duration_hours": "3",
        },
    )
    assert response.status_code == 200 and not TrainingSession.objects.exists()


def test_a_duration_out_of_its_column_is_refused(quality_lead_client, organisation):
    url = reverse("training:session_create", kwargs={"org_code": "pref-74"})
    response = quality_lead_client.post(
        url,
        {
            "kind": "training",
            "title": "Accueil",
            "theme": "accueil",
            "held_on": "2025-03-01",
            "duration_hours": "99999",
        },
    )
    assert response.status_code == 200 and not TrainingSession.objects.exists()


def test_arrival_date_through_the_page(quality_lead_client, organisation):
    agent = member(organisation)
    url = reverse("training:arrival_create", kwargs={"org_code": "pref-74"})
    response = quality_lead_client.post(url, {"member": agent.pk, "arrival_date": "2025-09-01"})
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.arrival_date == D(2025, 9, 1)
    assert services.newcomers(organisation, 2025).filter(pk=agent.pk).exists()


def test_work_queue_counts_newcomers_without_tutor(rf, organisation, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC))
    lead = member(organisation, role=Role.QUALITY_LEAD)
    member(organisation, arrived=D(2025, 2, 1))
    request = rf.get("/")
    request.organisation, request.membership = organisation, lead
    (entry,) = TrainingConfig.work_queue(None, request)
    assert entry["counts"][0]["count"] == 1 and entry["counts"][0]["urgent"]
