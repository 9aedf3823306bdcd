"""The main pages in Chromium, as a visitor, a quality lead and the national reader see them: no
script error on the console (the DSFR's included), no serious or critical accessibility violation
found by axe-core, and the menu reachable on a phone-sized screen."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import accessibility_violations, log_in, screenshot_dir
from qualipilote.frameworks.loader import load_files
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory
from qualipilote.registers.tests.factories import CorrespondenceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-de-test"

PUBLIC_PAGES = [
    ("login", "/comptes/connexion/"),
    ("public_feedback", "/pref-74/avis/"),
    ("legal_notice", "/mentions-legales/"),
    ("personal_data", "/donnees-personnelles/"),
    ("accessibility", "/accessibilite/"),
]
LEAD_PAGES = [
    ("home", "/pref-74/"),
    ("register_list", "/pref-74/registres/courriers-courriels/"),
    ("indicators", "/pref-74/indicateurs/"),
    ("frameworks", "/referentiels/"),
    ("assessment", "/pref-74/auto-diagnostic/"),
    ("people", "/pref-74/organisation/personnes/"),
    ("register_export", "/pref-74/registres/correspondence/exporter/"),
    ("register_import", "/pref-74/registres/correspondence/importer/"),
    ("api_docs", "/api/docs/"),
]
NATIONAL_PAGES = [("national", "/national/")]


@pytest.fixture
def content(organisation):
    load_files()
    load_catalogue()
    unit = UnitFactory(organisation=organisation, code="bae", name="Bureau des étrangers")
    for day in range(1, 4):
        CorrespondenceFactory(
            organisation=organisation, unit=unit, received_on=dt.date(2026, 2, day)
        )
    return organisation


def watch_console(page):
    """Script errors (uncaught exceptions and console.error) of every page the test visits."""
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    return errors


def visit(page, base_url, pages, problems, prefix):
    for name, path in pages:
        response = page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 200, f"{path}: {response.status}"
        # Swagger UI (the API docs' third-party widget, for developers) is left out; the
        # accessibility statement says so.
        problems.extend(accessibility_violations(page, exclude=("#swagger-ui",)))
        page.screenshot(
            caret="initial",
            path=str(screenshot_dir() / f"pages_{prefix}_{name}.png"),
            full_page=True,
        )


def test_main_pages_have_no_script_error_and_no_serious_accessibility_violation(
    browser_page, live_server, content
):
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    errors = watch_console(page)
    problems = []
    visit(page, live_server.url, PUBLIC_PAGES, problems, "public")

    lead = MembershipFactory(organisation=content, role=Role.QUALITY_LEAD).user
    log_in(page, live_server.url, lead.username, PASSWORD)
    visit(page, live_server.url, LEAD_PAGES, problems, "lead")
    page.get_by_role("button", name="Se déconnecter").click()

    national = UserFactory(is_national_reader=True)
    log_in(page, live_server.url, national.username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/national/")  # lands on what it may read
    visit(page, live_server.url, NATIONAL_PAGES, problems, "national")

    assert errors == [], "Script errors:\n" + "\n".join(errors)
    assert problems == [], "axe-core, serious or critical:\n" + "\n".join(problems)


def test_the_indicators_table_keeps_result_target_and_status_in_view_at_1440(
    browser_page, live_server, content
):
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    lead = MembershipFactory(organisation=content, role=Role.QUALITY_LEAD).user
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}/pref-74/indicateurs/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440  # no page-wide scroll
    table = page.locator(".qp-indicator-table")  # the monthly table (the yearly one follows)
    for name in ("Résultat de la période", "Objectif", "Statut"):
        box = table.get_by_role("columnheader", name=name, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1440, (name, box)
    # The months scroll inside a named region that the keyboard reaches.
    region = page.get_by_role("region", name="Tableau des indicateurs")
    region.focus()
    expect(region).to_be_focused()
    # It opens on the latest months; the arrow keys bring the earlier ones.
    latest = region.evaluate("element => element.scrollLeft")
    assert latest > 0
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "latest => document.querySelector('.qp-indicator-table .fr-table__container')"
        ".scrollLeft < latest",
        arg=latest,
    )
    page.screenshot(caret="initial", path=str(screenshot_dir() / "pages_indicators_table_1440.png"))


@pytest.mark.parametrize("path", ["/pref-74/", "/referentiels/"])
def test_on_a_phone_the_menu_button_leads_to_sign_out(browser_page, live_server, content, path):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 667})
    lead = MembershipFactory(organisation=content, role=Role.QUALITY_LEAD).user
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(f"{live_server.url}{path}")
    # Below 992 px the header's links are hidden; the menu button opens them.
    expect(page.locator(".fr-header__tools-links")).to_be_hidden()
    page.get_by_role("button", name="Menu", exact=True).click()
    menu = page.locator("#modal-menu")
    # The sections are grouped: a group opens on a tap.
    menu.get_by_role("button", name="Pilotage").click()
    expect(menu.get_by_role("link", name="Indicateurs")).to_be_visible()
    sign_out = menu.get_by_role("button", name="Se déconnecter")
    expect(sign_out).to_be_visible()
    page.screenshot(
        caret="initial",
        path=str(screenshot_dir() / f"pages_phone_menu_{path.strip('/').replace('/', '_')}.png"),
    )
    sign_out.click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()


def test_the_api_docs_draw_swagger_ui_from_the_applications_files(browser_page, live_server, db):
    page = browser_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    expect(
        page.locator(
            ".opblock-summary-path", has_text="/api/v1/organisations/{org_code}/feedback/"
        ).first
    ).to_be_visible()
    assert all(url.startswith(live_server.url) for url in requested), requested
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "pages_api_docs.png"), full_page=True
    )
