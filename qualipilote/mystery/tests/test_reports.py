"""The campaigns in the rest of the application: the work queue (this month's planned tests
still to do), the milestones calendar (campaign periods), the annual review (order 60); and the
pages' main path (creation, grid, plan, test, action)."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.test import RequestFactory

from qualipilote.improvement.milestones import collect
from qualipilote.improvement.models import Action
from qualipilote.mystery import services
from qualipilote.mystery.models import Campaign
from qualipilote.organisations.models import Membership

from .factories import at, email_campaign, email_test

pytestmark = pytest.mark.django_db


def _queue(organisation, user):
    request = RequestFactory().get("/")
    request.organisation = organisation
    request.membership = Membership.objects.get(organisation=organisation, user=user)
    return apps.get_app_config("mystery").work_queue(request)


def test_the_work_queue_counts_this_months_planned_tests_still_to_do(organisation, lead, unit):
    with time_machine.travel(dt.datetime(2019, 6, 12, 9, tzinfo=dt.UTC), tick=False):
        campaign = email_campaign(organisation, lead)
        for slot, planned in (("morning", 4), ("afternoon", 3)):
            services.add_plan_line(
                campaign,
                user=lead,
                unit=unit,
                month=dt.date(2019, 6, 1),
                time_slot=slot,
                planned=planned,
            )
        services.add_plan_line(
            campaign,
            user=lead,
            unit=unit,
            month=dt.date(2019, 5, 1),
            time_slot="morning",
            planned=9,
        )
        email_test(campaign, lead, at(dt.date(2019, 6, 3)), dt.date(2019, 6, 4), unit=unit)
        email_test(campaign, lead, at(dt.date(2019, 6, 4), 15), dt.date(2019, 6, 5), unit=unit)
        email_test(campaign, lead, at(dt.date(2019, 5, 20)), dt.date(2019, 5, 21), unit=unit)
        [section] = _queue(organisation, lead)
    assert section["title"] == "Enquêtes mystère"
    assert section["counts"][0]["count"] == 5  # 7 planned in June, 2 done


def test_campaign_periods_are_milestones(organisation, lead):
    campaign = email_campaign(organisation, lead)
    items = collect(organisation, dt.date(2019, 5, 1), dt.date(2019, 7, 31))
    [item] = [i for i in items if i.category == "Enquête mystère"]
    assert (item.date, item.end) == (dt.date(2019, 5, 15), dt.date(2019, 6, 30))
    assert item.url == f"/pref-74/enquetes-mystere/{campaign.pk}/"
    assert not [
        i
        for i in collect(organisation, dt.date(2020, 1, 1), dt.date(2020, 12, 31))
        if i.category == "Enquête mystère"
    ]


def test_the_annual_review_gives_the_years_campaigns_and_results(organisation, lead):
    config = apps.get_app_config("mystery")
    [empty] = config.annual_review(organisation, 2019)
    assert empty.order == 60 and empty.is_empty
    assert empty.empty_statement == "Aucune enquête mystère n'a été menée en 2019."
    campaign = email_campaign(organisation, lead)
    email_test(campaign, lead, at(dt.date(2019, 5, 20)), dt.date(2019, 5, 21))
    email_test(
        campaign,
        lead,
        at(dt.date(2019, 5, 20)),
        dt.date(2019, 5, 22),
        scores={"accuse_reception": "no", "signature_conforme": "yes", "reponse_complete": "yes"},
    )
    weak = campaign.criteria.get(code="accuse_reception")
    action = services.action_from_criterion(weak, user=lead)
    [section] = config.annual_review(organisation, 2019)
    assert section.order == 60 and section.title == "Enquêtes mystère"
    assert "2 tests" in section.paragraphs[0]
    assert "Délai moyen de réponse : 1,5 jours ouvrés" in section.paragraphs[0]
    assert f"Accusé de réception reçu (50 %, action {action.reference})" in section.paragraphs[1]
    rows = section.tables[0].rows
    assert rows[0] == ["Accusé de réception reçu", "1", "2", "50 %"]
    assert [bar.value for bar in section.charts[0].bars][:2] == [50, 100]
    assert config.annual_review(organisation, 2020)[0].is_empty


def test_the_lead_creates_a_campaign_records_a_test_and_makes_an_action(client, organisation, lead):
    client.force_login(lead)
    response = client.post(
        "/pref-74/enquetes-mystere/nouvelle/",
        {
            "title": "Courriels 2026",
            "channel": "email",
            "starts_on": "2026-03-02",
            "ends_on": "2026-04-30",
            "run_by": "self",
            "weak_threshold": "80",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.criteria.count() == 5
    base = f"/pref-74/enquetes-mystere/{campaign.pk}/"
    response = client.post(
        base + "plan/", {"month": "2026-03", "time_slot": "morning", "planned": "4"}
    )
    assert response.status_code == 302 and campaign.plan_lines.get().planned == 4
    bad = client.post(
        base + "tests/nouveau/",
        {
            "contacted_on": "2026-05-04",
            "contacted_time": "09:00",
            "critere_accuse_reception": "yes",
        },
    )
    assert bad.status_code == 200
    assert "hors de la période de l&#x27;enquête" in bad.content.decode()
    response = client.post(
        base + "tests/nouveau/",
        {
            "contacted_on": "2026-03-03",
            "contacted_time": "09:00",
            "critere_accuse_reception": "no",
            "subject": "<script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    page = client.get(base).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "1 / 4" in page and "Point faible" in page
    assert "INVALID_TEMPLATE_VARIABLE" not in page
    criterion = campaign.criteria.get(code="accuse_reception")
    response = client.post(base + f"criteres/{criterion.pk}/action/")
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{action.pk}/")
    assert action.source == "mystery_shopper"


def test_a_test_recorded_by_mistake_is_deleted_with_its_scores(client, organisation, lead):
    from qualipilote.mystery.models import CriterionScore, TestContact

    campaign = email_campaign(organisation, lead)
    test = email_test(campaign, lead, at(dt.date(2019, 5, 20)), dt.date(2019, 5, 21))
    client.force_login(lead)
    base = f"/pref-74/enquetes-mystere/{campaign.pk}/"
    assert client.get(base + f"tests/{test.pk}/supprimer/").status_code == 405
    assert client.post(base + f"tests/{test.pk}/supprimer/").status_code == 302
    assert not TestContact.objects.exists() and not CriterionScore.objects.exists()


def test_a_criterion_is_reworded_before_the_first_test_only(client, organisation, lead):
    from qualipilote.mystery.tests.factories import phone_campaign

    campaign = phone_campaign(organisation, lead)
    rings = campaign.criteria.get(code="decroche")
    client.force_login(lead)
    url = f"/pref-74/enquetes-mystere/{campaign.pk}/criteres/{rings.pk}/modifier/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"label": "Décroché en moins de 4 sonneries"})
    assert response.status_code == 302
    rings.refresh_from_db()
    assert (rings.label, rings.code) == ("Décroché en moins de 4 sonneries", "decroche")
    services.record_test(
        campaign,
        user=lead,
        scores=dict.fromkeys(campaign.criteria.values_list("code", flat=True), "yes"),
        contacted_at=at(dt.date(2019, 6, 4)),
        today=dt.date(2019, 12, 31),
    )
    refused = client.post(url, {"label": "Décroché en moins de 3 sonneries"})
    assert refused.status_code == 200 and "premier test" in refused.content.decode()
    rings.refresh_from_db()
    assert rings.label == "Décroché en moins de 4 sonneries"
