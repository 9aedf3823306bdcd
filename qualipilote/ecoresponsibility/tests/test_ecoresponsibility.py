"""Issue 13, item 3: eco-responsibility actions per area, yearly figures (form and import, all or
nothing), BEGES reports every three years with a reminder and a milestone, staff initiatives."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from qualipilote.common.tabular import ImportRejected
from qualipilote.ecoresponsibility import services
from qualipilote.ecoresponsibility.apps import EcoresponsibilityConfig
from qualipilote.ecoresponsibility.models import EcoFigure, StaffInitiative
from qualipilote.ecoresponsibility.queue import beges_milestones, beges_reminder
from qualipilote.ecoresponsibility.review import annual_review
from qualipilote.ecoresponsibility.tables import import_figures
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
D = dt.date


def url(name, org="pref-74", **kwargs):
    return reverse(f"ecoresponsibility:{name}", kwargs={"org_code": org, **kwargs})


def test_a_figure_is_bounded_by_its_indicator(organisation):
    with pytest.raises(ValidationError) as refused:
        services.record_figure(
            organisation, year=2025, indicator="recycled_share", value=Decimal("120")
        )
    assert "maximum de 100 %" in str(refused.value.message_dict["value"])
    assert not EcoFigure.objects.exists()


def test_a_figure_is_bounded_by_its_column(organisation):
    with pytest.raises(ValidationError) as refused:
        services.record_figure(
            organisation, year=2025, indicator="electricity_kwh", value=Decimal("1e12")
        )
    assert "value" in refused.value.message_dict


def test_a_negative_figure_and_a_year_out_of_range_are_refused(organisation):
    with pytest.raises(ValidationError) as refused:
        services.record_figure(
            organisation, year=1999, indicator="waste_tonnes", value=Decimal("-1")
        )
    assert set(refused.value.message_dict) == {"year", "value"}


def test_one_figure_per_organisation_area_indicator_and_year(organisation):
    services.record_figure(
        organisation, year=2025, indicator="electricity_kwh", value=Decimal("410000")
    )
    services.record_figure(
        organisation, year=2025, indicator="electricity_kwh", value=Decimal("398000")
    )
    figure = EcoFigure.objects.get()
    assert (figure.area, figure.value) == ("energie", Decimal("398000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        EcoFigure.objects.create(
            organisation=organisation,
            area="energie",
            indicator="electricity_kwh",
            year=2025,
            value=1,
        )


def test_the_area_must_be_the_indicators(organisation):
    with pytest.raises(ValidationError) as refused:
        services.record_figure(
            organisation, year=2025, indicator="waste_tonnes", area="energie", value=3
        )
    assert "Déchets" in str(refused.value.message_dict["area"])


CSV_OK = "annee;domaine;indicateur;valeur;source\n2025;energie;electricity_kwh;412000;Factures\n2025;dechets;waste_tonnes;18,4;Prestataire\n"


def test_the_import_records_every_line(organisation):
    created = import_figures(organisation, CSV_OK.encode(), "donnees.csv", user=None)
    assert len(created) == 2
    assert EcoFigure.objects.get(indicator="waste_tonnes").value == Decimal("18.4")


def test_an_import_with_a_figure_out_of_bounds_records_nothing(organisation):
    raw = CSV_OK + "2025;achats;responsible_purchases_share;140;\n"
    with pytest.raises(ImportRejected) as refused:
        import_figures(organisation, raw.encode(), "donnees.csv", user=None)
    (error,) = refused.value.errors
    assert (error.line, error.column) == (4, "valeur") and "maximum de 100 %" in error.message
    assert not EcoFigure.objects.exists()


def test_an_import_with_an_unknown_indicator_records_nothing(organisation):
    raw = CSV_OK + "2025;energie;gaz;3;\n"
    with pytest.raises(ImportRejected) as refused:
        import_figures(organisation, raw.encode(), "donnees.csv", user=None)
    assert "Ligne 4, colonne « indicateur » : « gaz » inconnu" in str(refused.value.errors[0])
    assert not EcoFigure.objects.exists()


def test_an_import_with_the_same_figure_twice_is_refused(organisation):
    raw = CSV_OK + "2025;energie;electricity_kwh;1;\n"
    with pytest.raises(ImportRejected) as refused:
        import_figures(organisation, raw.encode(), "donnees.csv", user=None)
    assert "ligne 2" in str(refused.value.errors[0])


def test_the_import_page_lists_errors_and_saves_nothing(quality_lead_client, organisation):
    raw = (CSV_OK + "2025;energie;electricity_kwh;abc;\n").encode()
    response = quality_lead_client.post(
        url("figures_import"), {"file": SimpleUploadedFile("donnees.csv", raw, "text/csv")}
    )
    assert response.status_code == 200
    assert "Fichier refusé" in response.content.decode()
    assert not EcoFigure.objects.exists()


def test_the_next_beges_is_due_three_years_after_the_last(organisation):
    services.record_beges(organisation, reported_on=D(2022, 11, 15), today=D(2025, 1, 1))
    services.record_beges(organisation, reported_on=D(2019, 10, 1), today=D(2025, 1, 1))
    assert services.next_beges_due(organisation) == D(2025, 11, 15)
    assert services.beges_reminder_from(D(2025, 11, 15)) == D(2025, 5, 15)


def test_the_beges_reminder_starts_six_months_before(organisation):
    services.record_beges(organisation, reported_on=D(2022, 11, 15), today=D(2023, 1, 1))
    assert beges_reminder(organisation, D(2025, 5, 14)) is None
    soon = beges_reminder(organisation, D(2025, 5, 15))
    assert "avant le 15/11/2025" in soon["label"] and not soon["urgent"]
    assert beges_reminder(organisation, D(2025, 11, 16))["urgent"]


def test_the_next_beges_is_a_milestone_of_kind_beges(organisation):
    report = services.record_beges(organisation, reported_on=D(2022, 11, 15), today=D(2023, 1, 1))
    (item,) = beges_milestones(organisation, D(2025, 1, 1), D(2025, 12, 31))
    assert (item["category"], item["date"], item["uid"]) == (
        "BEGES",
        D(2025, 11, 15),
        f"beges-{report.pk}",
    )
    assert beges_milestones(organisation, D(2026, 1, 1), D(2026, 12, 31)) == []


def test_a_beges_in_the_future_is_refused(organisation):
    with pytest.raises(ValidationError):
        services.record_beges(organisation, reported_on=D(2026, 1, 2), today=D(2026, 1, 1))


def test_actions_are_owned_by_a_member_and_linked_to_the_report(organisation, other_organisation):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    report = services.record_beges(organisation, reported_on=D(2022, 11, 15), today=D(2023, 1, 1))
    action = services.create_action(
        organisation,
        area="mobilite",
        title="Plan de mobilité employeur",
        owner=lead,
        due_on=D(2025, 6, 30),
        beges_report=report,
    )
    assert list(report.actions.all()) == [action]
    stranger = MembershipFactory(organisation=other_organisation).user
    foreign = services.record_beges(
        other_organisation, reported_on=D(2022, 1, 1), today=D(2023, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.create_action(
            organisation,
            area="chauffage",
            title="",
            owner=stranger,
            due_on=None,
            beges_report=foreign,
        )
    assert set(refused.value.message_dict) == {"title", "area", "owner", "due_on", "beges_report"}


def test_an_initiative_is_proposed_by_a_member(organisation, other_organisation):
    stranger = MembershipFactory(organisation=other_organisation).user
    with pytest.raises(ValidationError):
        services.propose_initiative(
            organisation, proposed_by=stranger, description="Compost", proposed_on=D(2025, 3, 1)
        )
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    initiative = services.propose_initiative(
        organisation,
        proposed_by=agent,
        description="Compost",
        proposed_on=D(2025, 3, 1),
        area="dechets",
    )
    assert services.set_initiative_status(initiative, "accepted").status == "accepted"


def test_any_member_proposes_an_initiative_and_html_is_shown_as_text(member_client, organisation):
    client = member_client(Role.AGENT)
    response = client.post(
        url("initiative_create"), {"area": "dechets", "description": "<b>Compost</b> au jardin"}
    )
    assert response.status_code == 302
    assert StaffInitiative.objects.get().proposed_by == client.membership.user
    html = client.get(url("index")).content.decode()
    assert "&lt;b&gt;Compost&lt;/b&gt;" in html and "<b>Compost</b>" not in html


def test_an_agent_cannot_record_figures(member_client, organisation):
    client = member_client(Role.AGENT)
    assert client.get(url("figure_create")).status_code == 403
    assert (
        client.post(
            url("figure_create"), {"year": 2025, "indicator": "waste_tonnes", "value": "3"}
        ).status_code
        == 403
    )
    assert not EcoFigure.objects.exists()


def test_the_figure_form_says_what_is_wrong(quality_lead_client, organisation):
    response = quality_lead_client.post(
        url("figure_create"), {"year": 2025, "indicator": "recycled_share", "value": "101"}
    )
    assert "maximum de 100 %" in response.content.decode()
    response = quality_lead_client.post(
        url("figure_create"), {"year": 2025, "indicator": "electricity_kwh", "value": "99999999999"}
    )
    assert response.status_code == 200 and not EcoFigure.objects.exists()


def test_another_organisation_is_refused(member_client, organisation, other_organisation):
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert client.get(url("index")).status_code in (403, 404)
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    action = services.create_action(
        organisation, area="energie", title="LED", owner=lead, due_on=D(2025, 6, 30)
    )
    response = client.post(url("action_status", org="pref-73", pk=action.pk), {"status": "done"})
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == "planned"


def test_the_annual_review_section(organisation):
    (empty,) = annual_review(organisation, 2025)
    assert empty.order == 120 and "Aucune donnée" in empty.empty_statement
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    report = services.record_beges(
        organisation,
        reported_on=D(2023, 6, 1),
        emissions_tco2e=Decimal("1240.5"),
        today=D(2024, 1, 1),
    )
    services.create_action(
        organisation,
        area="energie",
        title="LED",
        owner=lead,
        due_on=D(2025, 6, 30),
        beges_report=report,
    )
    services.record_figure(
        organisation, year=2025, indicator="electricity_kwh", value=Decimal("412000")
    )
    (section,) = EcoresponsibilityConfig.annual_review(None, organisation, 2025)
    assert "01/06/2023" in section.paragraphs[0] and "1\u202f240,5 t CO₂e" in section.paragraphs[0]
    assert "01/06/2026" in section.paragraphs[0]
    assert section.tables[0].rows == [["Énergie", "Électricité consommée", "412\u202f000", "kWh"]]
    assert section.tables[1].rows == [["Énergie", "1", "0"]]


def test_the_quality_leads_are_mailed_when_the_beges_window_opens_and_on_its_due_date(
    organisation, mailoutbox
):
    from qualipilote.ecoresponsibility.reminders import send_beges_reminders

    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    MembershipFactory(organisation=organisation, role=Role.AGENT)
    services.record_beges(organisation, reported_on=D(2022, 11, 15), today=D(2023, 1, 1))
    assert send_beges_reminders(D(2025, 5, 14)) == 0
    assert send_beges_reminders(D(2025, 5, 15)) == 1
    assert mailoutbox[0].to == [lead.email]
    assert "le 15/11/2025" in mailoutbox[0].subject
    assert send_beges_reminders(D(2025, 5, 16)) == 0
    assert send_beges_reminders(D(2025, 11, 15)) == 1
    assert "aujourd'hui" in mailoutbox[1].subject
