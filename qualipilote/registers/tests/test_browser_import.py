"""Importing the e-mail register from a CSV file in a real browser: a file with one bad row is
refused whole, every error shown with its line and column; the corrected file is imported and
its records appear in the register."""

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import log_in, open_menu_link
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory
from qualipilote.registers.models import Correspondence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "recu_le;canal;unite;objet;accuse_reception_le;repondu_le;signature_conforme"
GOOD_ROWS = [
    "03/02/2025;courriel;bae;Titre de séjour;03/02/2025;06/02/2025;oui",
    "04/02/2025;courriel;;Permis de conduire;04/02/2025;07/02/2025;non",
]
BAD_ROW = "31/02/2025;fax;bdx;Carte grise;;;"  # line 4 of the file
FIXED_ROW = "05/02/2025;courriel;bae;Carte grise;;10/02/2025;oui"


def write_csv(path, *rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_quality_lead_imports_emails_refused_whole_then_corrected(
    browser_page, live_server, organisation, tmp_path
):
    UnitFactory(organisation=organisation, code="bae", name="Bureau des étrangers")
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    page = browser_page

    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    open_menu_link(page, "Voix des usagers", "Registres")
    page.get_by_role("navigation", name="Registres").get_by_role(
        "link", name="Courriers et courriels"
    ).click()
    page.get_by_role("link", name="Importer").click()
    expect(page.get_by_role("heading", name="Importer : Courriers et courriels")).to_be_visible()

    page.get_by_label("Fichier à importer").set_input_files(
        write_csv(tmp_path / "courriels-fevrier.csv", *GOOD_ROWS, BAD_ROW)
    )
    page.get_by_role("button", name="Importer", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Fichier refusé : rien n'a été importé")
    expect(page.get_by_role("alert")).to_contain_text("3 erreurs à corriger")
    errors = page.get_by_role("table", name="Erreurs trouvées, ligne par ligne")
    rows = [row.get_by_role("cell").all_inner_texts() for row in errors.locator("tbody tr").all()]
    assert rows == [
        ["4", "recu_le", "« 31/02/2025 » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ)."],
        ["4", "canal", "« fax » n'est pas une valeur possible (« courriel », « courrier »)."],
        ["4", "unite", "aucune unité ne porte le code « bdx » dans cette organisation."],
    ]
    assert not Correspondence.objects.exists()  # the two good rows were not saved either

    page.get_by_label("Fichier à importer").set_input_files(
        write_csv(tmp_path / "courriels-fevrier-corrige.csv", *GOOD_ROWS, FIXED_ROW)
    )
    page.get_by_role("button", name="Importer", exact=True).click()

    expect(page.get_by_text("3 enregistrements importés.")).to_be_visible()
    expect(page.get_by_role("heading", name="Courriers et courriels", level=1)).to_be_visible()
    listed = page.get_by_role("table", name="Courriers et courriels").locator("tbody tr")
    expect(listed).to_have_count(3)
    expect(listed.filter(has_text="Carte grise")).to_contain_text("05/02/2025")
    expect(listed.filter(has_text="Carte grise")).to_contain_text("Bureau des étrangers")
    expect(listed.filter(has_text="Titre de séjour")).to_contain_text("Dans les délais")
    saved = Correspondence.objects.order_by("received_on")
    assert [(r.topic, r.channel, r.unit_id is not None) for r in saved] == [
        ("Titre de séjour", "email", True),
        ("Permis de conduire", "email", False),
        ("Carte grise", "email", True),
    ]
    assert {record.created_by for record in saved} == {lead}
    assert saved.get(topic="Carte grise").history.get().history_user == lead
