"""The quality lead opens the dashboard of the demo data in a real browser and finds the
Haute-Savoie 2019 table of the report; printed, the table fits an A4 landscape page."""

import pytest

from demo.organisations import DEMO_PASSWORD
from qualipilote.common.browser import log_in, open_menu_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_LANDSCAPE = {"width": 1123, "height": 794}  # 297 × 210 mm at 96 dpi
PRINT_MARGINS = 2 * 30  # 8 mm each side, rounded up


@pytest.fixture
def demo():
    from demo.indicators import load_demo
    from demo.organisations import load_organisations_demo
    from demo.registers import load_demo as load_registers_demo

    organisations = load_organisations_demo()
    load_registers_demo(organisations)
    load_demo(organisations)
    return organisations


def open_2019_dashboard(page, live_server):
    log_in(page, live_server.url, "referent.74", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Pilotage", "Indicateurs")
    page.get_by_label("Du mois").fill("2019-01")
    page.get_by_label("Au mois").fill("2019-07")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state("networkidle")


def test_quality_lead_sees_the_haute_savoie_2019_table(browser_page, live_server, demo):
    page = browser_page
    open_2019_dashboard(page, live_server)

    table = page.get_by_role(
        "table",
        name="Indicateurs de la Préfecture de la Haute-Savoie, de janvier 2019 à juillet 2019",
    )
    assert table.is_visible()
    phone = table.get_by_role("row").filter(has_text="Taux d'appels aboutis général")
    cells = phone.get_by_role("cell").all_inner_texts()
    assert [text.split("\n")[0] for text in cells[:7]] == [
        "92,32 %", "93,50 %", "92,97 %", "93,90 %", "93,91 %", "93,98 %", "94,07 %",
    ]  # fmt: skip
    assert "93,54 %" in cells[7] and cells[8] == "> 90,00 %" and cells[9] == "ATTEINT"
    visitors = table.get_by_role("row").filter(has_text="Nombre d'usagers au point numérique")
    assert "1\u202f548" in visitors.inner_text()
    assert table.get_by_role("columnheader", name="janv. 2019 clôturé").is_visible()
    assert page.get_by_role("img", name="Taux d'appels aboutis général").first.is_visible()


def test_the_printed_table_fits_an_a4_landscape_page(browser_page, live_server, demo):
    page = browser_page
    open_2019_dashboard(page, live_server)
    page.goto(f"{live_server.url}/pref-74/indicateurs/?year=2019")
    page.set_viewport_size(A4_LANDSCAPE)
    page.emulate_media(media="print")

    width = page.evaluate("document.querySelector('#indicator-table table').scrollWidth")
    assert width <= A4_LANDSCAPE["width"] - PRINT_MARGINS
    assert page.locator("#main-menu").is_hidden()
    assert page.locator(".qp-filters").is_hidden()
    assert page.get_by_role("table").first.is_visible()


def test_the_print_button_opens_the_print_dialog(browser_page, live_server, demo):
    """The button's behaviour lives in common/static/common/qualipilote.js: the
    Content-Security-Policy refuses the inline onclick it used to have."""
    page = browser_page
    page.add_init_script(
        "window.print = () => { window.printCalls = (window.printCalls || 0) + 1; };"
    )
    open_2019_dashboard(page, live_server)
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("window.printCalls") == 1
