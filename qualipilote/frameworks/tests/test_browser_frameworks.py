"""A signed-in member browses the real framework files in a real browser: from the header to
Quali-ATE 2024, a module whose title no source gives shown as unknown, a search typed without
accents that reaches commitment 39, and the linked indicators shown where the data has some."""

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import log_in
from qualipilote.frameworks.loader import load_files
from qualipilote.frameworks.models import Commitment, Module
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMITMENT_39 = (
    "En cas d'événement majeur, nous activons la cellule de communication d'urgence en moins "
    "d'une heure 7/7j – 24/24h"
)


def test_member_browses_quali_ate_finds_commitment_39_without_accents_and_sees_what_is_known(
    browser_page, live_server, organisation
):
    load_files()  # the three real data files, as `manage.py load_frameworks` does
    load_catalogue()
    reader = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    page = browser_page

    log_in(page, live_server.url, reader.username, "mot-de-passe-de-test")
    page.get_by_role("banner").get_by_role("link", name="Référentiels").click()
    expect(page.get_by_role("heading", name="Référentiels", level=1)).to_be_visible()
    page.get_by_role("link", name="Quali-ATE (version déployée en 2024)").click()
    expect(page.get_by_role("heading", name="Quali-ATE 2024", level=1)).to_be_visible()

    # Module 3: no public source gives its title; it keeps its number and says so.
    module_3 = page.get_by_role("region", name="Module 3 — Intitulé non connu")
    expect(module_3.get_by_role("heading")).to_have_text("Module 3 — Intitulé non connu")
    expect(module_3.get_by_role("listitem")).to_have_text(["Module métier", "Intitulé non connu"])
    expect(module_3).to_contain_text("aucune source publique ne donne l'intitulé")
    expect(module_3).to_contain_text("Aucun engagement connu pour ce module")
    unknown = Module.objects.get(version__framework__code="quali-ate", number=3)
    assert (unknown.title, unknown.title_status) == ("", "unknown")

    search_box = page.get_by_role("textbox", name="Rechercher un engagement")
    search_box.fill("evenement majeur")
    search_box.press("Enter")
    expect(
        page.get_by_role("heading", name="4 résultats pour « evenement majeur »")
    ).to_be_visible()
    results = page.get_by_role("table", name="Engagements trouvés")
    numbers = [
        row.get_by_role("cell").nth(1).inner_text() for row in results.locator("tbody tr").all()
    ]
    assert numbers == ["39", "40", "42", "43"]  # the search stayed in Quali-ATE 2024
    results.get_by_role("link", name=COMMITMENT_39).click()

    expect(page.get_by_role("heading", name="Engagement 39", level=1)).to_be_visible()
    expect(page.get_by_text(COMMITMENT_39, exact=True)).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Module 8 — Communication d'urgence en cas d'évènement majeur")
    # Its yearly indicators (counted by the crisis module) are named; nothing is known yet of the
    # auditor's expectations or evidence guidance: said so.
    expect(main).to_contain_text(
        "Part des événements majeurs dont la cellule de communication d'urgence est activée"
    )
    expect(main).to_contain_text("Non renseignés : à compléter depuis le référentiel officiel.")
    expect(main).to_contain_text("Quali-ATE 2024 inclut les engagements de Services Publics+ 2023")
    commitment = Commitment.objects.get(version__framework__code="quali-ate", number=39)
    assert (commitment.indicator_codes, commitment.auditor_expectations) == (
        ["emergency_cell_within_hour_rate", "emergency_cell_median_delay"],
        "",
    )

    # Where the data links an indicator, the commitment page names it from the catalogue.
    page.get_by_role("navigation", name="vous êtes ici").get_by_role(
        "link", name="Quali-ATE 2024"
    ).click()
    page.get_by_role("link", name="Engagement 8", exact=True).click()
    indicators = page.get_by_role("heading", name="Indicateurs liés").locator("+ ul")
    expect(indicators).to_have_text("Taux d'appels aboutis général phone_answer_rate")
