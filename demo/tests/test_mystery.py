"""Demo mystery-shopper campaigns: the Haute-Savoie 2019 e-mail audit reproduces the published
figures (seed 002: acknowledgements 90 %, answers 75 %, compliant signatures 93 %, within 5
working days 93 %, average delay 1.5 days), the phone audit is a cross audit by Savoie's quality
lead whose weak point is the calls not picked up, and loading twice changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from demo.mystery import EMAIL_TITLE, PHONE_TITLE, load_demo
from demo.organisations import load_organisations_demo
from qualipilote.mystery.models import Campaign
from qualipilote.mystery.services import plan_progress, results


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        organisations = load_organisations_demo()
        load_demo(organisations)
        yield organisations


def test_the_2019_email_audit_reproduces_the_published_figures(demo):
    campaign = Campaign.objects.get(title=EMAIL_TITLE)
    figures = results(campaign)
    rates = {r.criterion.code: r.rate for r in figures.criteria}
    assert figures.tests == 40
    assert rates["accuse_reception"] == 90
    assert rates["reponse_recue"] == 75
    assert rates["signature_conforme"] == 93
    assert rates["reponse_5_jours"] == 93
    assert figures.average_delay == Decimal("1.5")
    assert (campaign.starts_on, campaign.ends_on) == (dt.date(2019, 5, 15), dt.date(2019, 6, 30))
    assert plan_progress(campaign)[1:] == (40, 40)


def test_the_2019_phone_audit_is_crossed_and_its_weak_point_is_the_unanswered_calls(demo):
    campaign = Campaign.objects.get(title=PHONE_TITLE)
    assert campaign.run_by == "cross"
    assert campaign.cross_auditor.memberships.get(organisation__code="pref-73").role == (
        "quality_lead"
    )
    figures = results(campaign)
    weak = [r.criterion.code for r in figures.criteria if r.weak]
    assert weak == ["decroche"]
    rates = {r.criterion.code: r.rate for r in figures.criteria}
    assert rates["courtoisie"] == 100
    assert plan_progress(campaign)[1:] == (20, 20)


def test_loading_twice_changes_nothing(demo):
    load_demo(demo)
    assert Campaign.objects.count() == 2
