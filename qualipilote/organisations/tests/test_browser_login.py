import pytest

from qualipilote.common.browser import log_in, open_menu_link
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quality_lead_logs_in_and_sees_the_organisation_chart(
    browser_page, live_server, organisation
):
    UnitFactory(organisation=organisation, name="Bureau des usagers étrangers", headcount=18)
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    log_in(browser_page, live_server.url, lead.username, "mot-de-passe-de-test")
    open_menu_link(browser_page, "Pilotage", "Organisation")
    assert browser_page.get_by_role(
        "heading", name="Organisation de la Préfecture de la Haute-Savoie"
    ).is_visible()
    assert browser_page.get_by_role(
        "cell", name="Bureau des usagers étrangers", exact=True
    ).is_visible()
