"""The main menu shows a cross auditor only the mystery-shopper campaigns: every other link
would answer 403."""

import pytest
from django.urls import reverse

from qualipilote.organisations.enums import Role

pytestmark = pytest.mark.django_db


def menu_labels(response) -> list[str]:
    labels = []
    for section in response.context["organisation_sections"]:
        labels += [link["label"] for link in section.get("links", [section])]
    return labels


def test_a_cross_auditor_sees_only_the_campaigns_in_the_menu(member_client, organisation):
    auditor = member_client(Role.CROSS_AUDITOR)

    response = auditor.get(reverse("mystery:campaigns", kwargs={"org_code": organisation.code}))

    assert response.status_code == 200
    assert menu_labels(response) == ["Enquêtes mystère"]


def test_the_quality_lead_sees_every_section(member_client, organisation):
    lead = member_client(Role.QUALITY_LEAD)

    response = lead.get(reverse("mystery:campaigns", kwargs={"org_code": organisation.code}))

    labels = menu_labels(response)
    assert "Enquêtes mystère" in labels and "Plan d'actions" in labels and "Registres" in labels


def test_a_campaign_gets_its_grid_even_when_the_default_rows_were_lost(organisation):
    from qualipilote.mystery.models import DefaultCriterion
    from qualipilote.mystery.tests.factories import email_campaign
    from qualipilote.organisations.tests.factories import MembershipFactory

    DefaultCriterion.objects.all().delete()  # e.g. restored from a backup made before them
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user

    campaign = email_campaign(organisation, lead)

    assert list(campaign.criteria.values_list("code", flat=True)) == [
        "accuse_reception",
        "reponse_recue",
        "signature_conforme",
        "reponse_5_jours",
        "reponse_complete",
    ]
