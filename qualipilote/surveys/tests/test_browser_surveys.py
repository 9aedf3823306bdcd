"""In a real browser: a citizen answers on a phone-sized screen; an agent types paper
questionnaires with the keyboard alone; the quality lead reads the results."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from qualipilote.common.browser import log_in, open_menu_link, screenshot_dir
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, SiteFactory
from qualipilote.surveys.models import Response

from .factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_survey(organisation):
    today = timezone.localdate()
    return make_survey(
        organisation, opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=5)
    )


def test_a_citizen_answers_on_a_phone(browser_page, live_server, organisation, open_survey):
    hall = SiteFactory(organisation=organisation, name="Hall principal")
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/pref-74/enquete/{open_survey.pk}/?site={hall.pk}")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(
        caret="initial", path=str(screenshot_dir() / "survey_form_on_a_phone.png"), full_page=True
    )
    # Sending without the required question: the error names it and links to it.
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state("networkidle")
    errors = page.locator("#form-errors")
    assert (
        "« Satisfaction globale de l'accueil » : cette question est obligatoire."
        in errors.inner_text()
    )
    # Each group of choices is a fieldset whose legend is the question (RGAA).
    group = page.get_by_role("group", name="Satisfaction globale de l'accueil (obligatoire)")
    group.get_by_text("Très satisfait", exact=True).click()
    page.get_by_role("group", name="Votre note de 0 à 10").get_by_text("9", exact=True).click()
    page.get_by_label("Vos commentaires").fill("<script>alert(1)</script> Très bon accueil")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Merci, votre réponse est enregistrée").is_visible()
    response = Response.objects.get()
    assert (response.site, response.channel, response.mode) == (hall, "in_person", "online")
    assert response.answers.count() == 3


def test_an_agent_types_paper_forms_with_the_keyboard_alone(
    browser_page, live_server, organisation, open_survey
):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    page = browser_page
    log_in(page, live_server.url, agent.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/enquetes/{open_survey.pk}/saisie-papier/")
    forms = [["1", "2", "1", "2", "13", "8", "Bon accueil"], ["4", "0", "2", "3", "", "3", ""]]
    for number, keys in enumerate(forms, start=1):
        # The first question has the focus: digits, Tab, and Enter to save; never the mouse.
        focused = page.evaluate("document.activeElement.name")
        assert focused == "q_accueil-global"
        for index, key in enumerate(keys):
            if key:
                page.keyboard.type(key)
            if index < len(keys) - 1:
                page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.get_by_text(f"Questionnaire papier n° {number} enregistré").wait_for()
    responses = Response.objects.order_by("paper_number")
    assert [(r.paper_number, r.mode, r.entered_by_id) for r in responses] == [
        (1, "paper", agent.pk),
        (2, "paper", agent.pk),
    ]
    first = set(responses[0].answers.exclude(choice=None).values_list("choice__code", flat=True))
    assert first == {"very_satisfied", "satisfied", "yes", "permis", "telephone", "guichet"}
    assert responses[0].answers.get(question__code="note").number == 8
    assert responses[0].answers.get(question__code="commentaire").text == "Bon accueil"


def test_the_quality_lead_reads_results_with_charts(
    browser_page, live_server, organisation, open_survey
):
    from .factories import answer

    for value in ["very_satisfied", "satisfied", "dissatisfied"]:
        answer(
            open_survey,
            {"accueil-global": value, "commentaire": "<b>attente</b>"},
            day=timezone.localdate(),
        )
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    page = browser_page
    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/pref-74/")
    open_menu_link(page, "Voix des usagers", "Enquêtes")
    page.get_by_role("link", name=open_survey.title).click()
    page.wait_for_load_state("networkidle")
    row = page.locator("#satisfaction-table tbody tr").first
    assert "67 %" in row.inner_text() and "3" in row.inner_text()
    assert page.locator("svg.qp-bar-chart").count() >= 4
    assert page.get_by_text("<b>attente</b>").first.is_visible()
