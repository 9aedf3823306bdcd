"""The quality lead changes the labelling scope in a real browser: the mandatory module cannot be
left out (French error next to the modules, focus on them, nothing saved), then a valid scope is
saved and appears in the history under the lead's name."""

import pytest
from playwright.sync_api import expect

from qualipilote.common.browser import log_in, open_menu_link
from qualipilote.frameworks.loader import load_files
from qualipilote.frameworks.models import FrameworkVersion, LabellingScope
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role, SiteKind
from qualipilote.organisations.tests.factories import MembershipFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODULE_1 = "Module 1 — Qualité de service et relation aux usagers"
MODULE_8 = "Module 8 — Communication d'urgence en cas d'évènement majeur"
MANDATORY_ERROR = (
    "Le module 1 « Qualité de service et relation aux usagers » est obligatoire : "
    "il ne peut pas être retiré du périmètre."
)


@pytest.fixture
def savoie_like_scope(organisation):
    """Quali-ATE 2024 modules 1, 2 and 4, one hall and three channels, set by a former lead."""
    load_files()
    version = FrameworkVersion.objects.get(framework__code="quali-ate", version="2024")
    hall = SiteFactory(organisation=organisation, name="Hall de la préfecture")
    SiteFactory(
        organisation=organisation,
        name="Point numérique de Rumilly",
        kind=SiteKind.DIGITAL_ACCESS_POINT,
    )
    former_lead = UserFactory(first_name="Claire", last_name="Martin")
    return set_scope(
        organisation,
        version=version,
        modules=version.modules.filter(number__in=[1, 2, 4]),
        sites=[hall],
        channels=["in_person", "phone", "email"],
        user=former_lead,
    )


def scope_state(organisation):
    scope = LabellingScope.objects.get(organisation=organisation)
    return (
        sorted(scope.modules.values_list("number", flat=True)),
        sorted(scope.sites.values_list("name", flat=True)),
        scope.channels,
        scope.history.count(),
    )


def test_quality_lead_cannot_drop_the_mandatory_module_then_saves_a_wider_scope(
    browser_page, live_server, organisation, savoie_like_scope
):
    lead = MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_LEAD,
        user=UserFactory(first_name="Julien", last_name="Perrin"),
    ).user
    before = scope_state(organisation)
    page = browser_page

    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    open_menu_link(page, "Pilotage", "Périmètre")
    page.get_by_role("link", name="Modifier le périmètre").click()

    modules = page.get_by_role("group", name="Modules retenus")
    sites = page.get_by_role("group", name="Sites d'accueil concernés")
    channels = page.get_by_role("group", name="Canaux d'accueil concernés")
    modules.get_by_text(MODULE_8, exact=True).click()  # DSFR draws checkboxes on their label
    sites.get_by_text("Point numérique de Rumilly").click()
    channels.get_by_text("Réseaux sociaux", exact=True).click()
    modules.get_by_text(MODULE_1).click()  # unchecks the mandatory module
    expect(modules.get_by_label(MODULE_1)).not_to_be_checked()
    page.get_by_role("button", name="Enregistrer le périmètre").click()

    modules = page.get_by_role("group", name="Modules retenus")
    expect(modules).to_contain_text(MANDATORY_ERROR)  # in the modules' fieldset, not at the top
    assert page.evaluate("document.activeElement.id") == "id_modules_0"  # keyboard on module 1
    assert scope_state(organisation) == before  # nothing saved
    # The rest of what was chosen is kept: only the mandatory module has to be ticked again.
    expect(modules.get_by_label(MODULE_8)).to_be_checked()
    expect(
        page.get_by_role("group", name="Canaux d'accueil concernés").get_by_label("Réseaux sociaux")
    ).to_be_checked()
    page.keyboard.press("Space")
    expect(modules.get_by_label(MODULE_1)).to_be_checked()
    page.get_by_role("button", name="Enregistrer le périmètre").click()

    expect(page.get_by_text("Périmètre de labellisation enregistré.")).to_be_visible()
    module_8_row = page.get_by_role("row").filter(has_text="Communication d'urgence")
    expect(module_8_row).to_contain_text("Retenu")
    expect(
        page.get_by_role("listitem").filter(has_text="Point numérique de Rumilly")
    ).to_contain_text(
        "Point d'accueil numérique"  # shown in scope with its kind, not "hors périmètre"
    )
    expect(page.locator("#canaux + ul").get_by_text("Réseaux sociaux")).to_be_visible()
    assert scope_state(organisation) == (
        [1, 2, 4, 8],
        ["Hall de la préfecture", "Point numérique de Rumilly"],
        ["in_person", "phone", "email", "social"],
        2,
    )

    page.get_by_role("link", name="Historique des modifications").click()
    latest = page.get_by_role("table").get_by_role("row").nth(1)
    expect(latest.get_by_role("cell").nth(1)).to_have_text("Julien Perrin")
    expect(latest).to_contain_text("Modification")
    expect(latest).to_contain_text(
        "Modules : ajout : 8 — Communication d'urgence en cas d'évènement majeur"
    )
    expect(latest).to_contain_text("Sites : ajout : Point numérique de Rumilly")
    expect(latest).to_contain_text(
        "Canaux : Accueil physique, Téléphone, Courriel, Réseaux sociaux"
    )
    expect(page.get_by_role("table").get_by_role("row").nth(2)).to_contain_text("Claire Martin")
    scope = LabellingScope.objects.get(organisation=organisation)
    assert (scope.updated_by, scope.history.latest("history_date").history_user) == (lead, lead)
