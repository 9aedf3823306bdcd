"""The duty officer records an event on a phone-sized screen, including a step typed while
the connection is lost (kept on the phone, sent when it returns, recorded once)."""

import datetime as dt

import pytest
from django.utils import timezone

from qualipilote.common.browser import log_in
from qualipilote.crisis.models import CrisisEvent, CrisisStep
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_duty_officer_records_an_event_on_a_phone(browser_page, live_server, organisation):
    agent = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 667})
    log_in(page, live_server.url, agent.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/{organisation.code}/communication-urgence/")
    page.get_by_role("link", name="Ouvrir un événement ou un exercice").click()
    page.get_by_label("Intitulé").fill("Crue de l'Arve")
    assert page.input_value("[name=started_at]")  # the current Paris time, prefilled
    page.get_by_role("button", name="Ouvrir et suivre les étapes").click()

    page.get_by_role("heading", name="Crue de l'Arve").wait_for()
    assert page.locator("[data-due]").first.inner_text().startswith("Reste ")
    page.get_by_role(
        "button", name="Enregistrer : activation de la cellule de communication d'urgence"
    ).click()
    page.get_by_text(
        "Activation de la cellule de communication d'urgence : enregistrée."
    ).wait_for()
    page.get_by_label("Référence SYNERGI de la décision").fill("SYN-74-118")
    page.get_by_role("button", name="Enregistrer : activation du cod").click()
    page.get_by_text("Activation du COD : enregistrée.").wait_for()

    # The connection drops: the step is kept on the phone and said so.
    page.context.set_offline(True)
    page.locator("#etape-public_informed select").select_option("fr_alert")
    page.get_by_role("button", name="Enregistrer : information du grand public").click()
    page.get_by_text("Pas de connexion : « information du grand public »").wait_for()
    assert page.evaluate("JSON.parse(localStorage.getItem('qualipilote-crisis-queue')).length") == 1
    assert not CrisisStep.objects.filter(step="public_informed").exists()

    # It comes back: the queued step is sent, once.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("Information du grand public : enregistrée à").wait_for()
    assert page.evaluate("localStorage.getItem('qualipilote-crisis-queue')") == "[]"
    event = CrisisEvent.objects.get()
    assert list(event.steps.order_by("pk").values_list("step", "channel")) == [
        ("cell_activated", ""),
        ("cod_activated", ""),
        ("public_informed", "fr_alert"),
    ]
    assert event.steps.get(step="cod_activated").synergi_reference == "SYN-74-118"
    page.reload()
    page.get_by_text(
        "Pas encore fait : Information des élus locaux, Information des médias."
    ).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling


def test_a_step_tapped_after_the_session_expired_is_kept_then_sent(
    browser_page, live_server, organisation
):
    from qualipilote.crisis.tests.factories import CrisisEventFactory

    agent = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    event = CrisisEventFactory(
        organisation=organisation, started_at=timezone.now() - dt.timedelta(minutes=10)
    )
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 667})
    log_in(page, live_server.url, agent.username, "mot-de-passe-de-test")
    live = f"{live_server.url}/{organisation.code}/communication-urgence/{event.pk}/"
    page.goto(live)
    page.context.clear_cookies()  # the session expired while the page stayed open
    page.get_by_role("button", name="Enregistrer : information des médias").click()
    page.get_by_text("Votre session a expiré").wait_for()
    assert not CrisisStep.objects.exists()

    log_in(page, live_server.url, agent.username, "mot-de-passe-de-test")
    page.goto(live)  # the page sends what it kept
    page.get_by_text("Information des médias : enregistrée à").wait_for()
    assert list(CrisisStep.objects.values_list("step", flat=True)) == ["media_informed"]
