"""The fast entry form in a real browser, with the keyboard only."""

import datetime as dt

import pytest

from qualipilote.common.browser import log_in
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers.models import Correspondence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_name(page):
    return page.evaluate("document.activeElement.name")


def test_agent_types_two_emails_with_the_keyboard_only(browser_page, live_server, organisation):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    page = browser_page
    log_in(page, live_server.url, agent.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/registres/courriers-courriels/nouveau/")

    assert focused_name(page) == "received_on"
    page.keyboard.type("13/05/2024")
    while focused_name(page) != "channel":
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # first choice: Courriel
    while focused_name(page) != "topic":
        page.keyboard.press("Tab")
    page.keyboard.type("Titre de séjour")
    page.keyboard.press("Enter")  # "Enregistrer et saisir le suivant"

    page.wait_for_selector("text=Enregistré. Saisissez le suivant.")
    assert page.input_value("[name=received_on]") == "13/05/2024"
    assert page.input_value("[name=channel]") == "email"
    assert focused_name(page) == "received_at"
    while focused_name(page) != "topic":
        page.keyboard.press("Tab")
    page.keyboard.type("Permis de conduire")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Enregistré. Saisissez le suivant.")

    topics = list(
        Correspondence.objects.order_by("pk").values_list("topic", "received_on", "channel")
    )
    assert topics == [
        ("Titre de séjour", dt.date(2024, 5, 13), "email"),
        ("Permis de conduire", dt.date(2024, 5, 13), "email"),
    ]


def test_reader_sees_the_overdue_view_of_the_demo_registers(
    browser_page, live_server, organisation, other_organisation
):
    from demo.registers import load_demo

    load_demo([organisation, other_organisation])
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    page = browser_page
    log_in(page, live_server.url, viewer.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/registres/")
    assert page.get_by_role("table", name="Échéances par registre").is_visible()
    page.get_by_role("link", name="Courriers et courriels en retard").click()
    assert page.get_by_text("En retard", exact=True).first.is_visible()
    assert page.get_by_role("link", name="Saisir").count() == 0  # a viewer cannot record
