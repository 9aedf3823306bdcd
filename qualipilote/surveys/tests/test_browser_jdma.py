"""The quality lead imports the Haute-Savoie "Je donne mon avis" export (the demo's sample file)
in a real browser: refused whole with one bad line, accepted once corrected, re-imported adding
nothing; the ratings then show with the surveys and per form, month by month."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from qualipilote.common.browser import assert_accessible, log_in, open_menu_link, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.surveys.models import JdmaReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(settings.BASE_DIR) / "demo" / "data" / "jdma-haute-savoie.csv"
BAD_LINE = (
    "2026-11-22 10:05:00,Prise de rendez-vous en ligne,Site de la préfecture,badf00d,Super,,,"
)


def test_the_lead_imports_jdma_ratings_and_reads_them_with_the_surveys(
    browser_page, live_server, organisation, tmp_path
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    good = SAMPLE.read_text(encoding="utf-8")
    bad_file = tmp_path / "avis-novembre.csv"
    bad_file.write_text(good + BAD_LINE + "\n", encoding="utf-8")
    page = browser_page

    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    open_menu_link(page, "Voix des usagers", "Enquêtes")
    page.get_by_role("link", name="Importer un export « Je donne mon avis »").click()
    expect(
        page.get_by_role("heading", name="Importer des avis « Je donne mon avis »")
    ).to_be_visible()

    page.get_by_label("Export « Je donne mon avis »").set_input_files(str(bad_file))
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Fichier refusé : rien n'a été importé")
    errors = page.get_by_role("table", name="Erreurs trouvées, ligne par ligne")
    rows = [row.get_by_role("cell").all_inner_texts() for row in errors.locator("tbody tr").all()]
    assert rows == [
        [
            "182",
            "De façon générale, comment ça s'est passé ?",
            "« Super » n'est pas une réponse possible (« Pas bien », « Moyen », « Très bien »).",
        ]
    ]
    assert not JdmaReview.objects.exists()
    assert_accessible(page)

    page.get_by_label("Export « Je donne mon avis »").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(
        page.get_by_text("Import terminé : 180 nouveaux avis enregistrés, 0 déjà connu.")
    ).to_be_visible()
    assert JdmaReview.objects.count() == 180

    page.get_by_role("link", name="Importer un export « Je donne mon avis »").click()
    page.get_by_label("Export « Je donne mon avis »").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(
        page.get_by_text("Import terminé : 0 nouvel avis enregistré, 180 déjà connus.")
    ).to_be_visible()
    assert JdmaReview.objects.count() == 180

    ratings = page.get_by_role("table", name="Avis « Je donne mon avis » par formulaire")
    expect(ratings.locator("tbody tr")).to_have_count(3)
    expect(ratings).to_contain_text("Prise de rendez-vous en ligne")
    assert_accessible(page)

    ratings.get_by_role("link", name="Prise de rendez-vous en ligne").click()
    expect(
        page.get_by_role(
            "heading", name="Avis « Je donne mon avis » : Prise de rendez-vous en ligne"
        )
    ).to_be_visible()
    monthly = page.get_by_role("table", name="De façon générale, comment ça s'est passé ?")
    expect(monthly).to_contain_text("décembre 2025")
    expect(monthly.locator("tbody tr").last).to_contain_text("Total")
    expect(page.get_by_role("heading", name="Commentaires")).to_be_visible()
    assert_accessible(page)
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "jdma_ratings_per_month.png"), full_page=True
    )
