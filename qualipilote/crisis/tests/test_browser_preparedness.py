"""Preparedness and lessons learned in a real browser: the quality lead fills the on-call roster
and sees who is on call now, writes a message template, imports the contact list (refused whole
with the line at fault, then accepted); after an exercise, the duty officer attaches the press
release to the media message and the RETEX item that did not work becomes an action."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qualipilote.assessments.tests.factories import PDF_BYTES
from qualipilote.common.browser import assert_accessible, log_in, screenshot_dir
from qualipilote.crisis.enums import EventKind, Step
from qualipilote.crisis.models import Contact, CrisisStep, LessonItem
from qualipilote.crisis.services import record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.improvement.models import Action
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def paris_input(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


def test_quality_lead_prepares_roster_template_and_contacts(
    browser_page, live_server, organisation, tmp_path
):
    lead = MembershipFactory(
        organisation=organisation,
        role=Role.QUALITY_LEAD,
        user=UserFactory(first_name="Claire", last_name="Mollard"),
    ).user
    page = browser_page
    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/{organisation.code}/communication-urgence/preparation/")
    expect(page.get_by_text("Personne n'est d'astreinte en ce moment")).to_be_visible()

    now = timezone.now()
    page.get_by_label("Personne d'astreinte").fill("Paul Girod")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Début (heure de Paris)").fill(paris_input(now - dt.timedelta(hours=1)))
    page.get_by_label("Fin (heure de Paris)").fill(paris_input(now + dt.timedelta(hours=12)))
    page.get_by_role("button", name="Ajouter l'astreinte").click()
    expect(page.get_by_text("D'astreinte maintenant : Paul Girod")).to_be_visible()

    page.get_by_label("Intitulé").fill("Premier communiqué")
    page.get_by_label("Canal").select_option("press_release")
    page.get_by_label("Texte").fill("{organisation} : {evenement}, depuis {debut}.")
    page.get_by_role("button", name="Ajouter le modèle").click()
    expect(page.get_by_text("Premier communiqué — Communiqué de presse")).to_be_visible()

    bad = tmp_path / "contacts.csv"
    bad.write_text(
        "groupe;nom;fonction;structure;telephone;courriel\n"
        "Élus;Marie Dupont;Maire;Chamonix;04 50 53 00 00;maire@example.fr\n"
        "Pompiers;Jean Favre;Chef;SDIS;04 50 00 00 00;sdis@example.fr\n",
        encoding="utf-8",
    )
    page.get_by_label("Fichier de contacts").set_input_files(str(bad))
    page.get_by_role("button", name="Importer les contacts").click()
    expect(page.get_by_text("Le fichier a été refusé, rien n'a été importé")).to_be_visible()
    expect(page.get_by_text("Pompiers")).to_be_visible()
    assert not Contact.objects.exists()

    bad.write_text(
        bad.read_text(encoding="utf-8").replace("Pompiers;", "Partenaires;"), encoding="utf-8"
    )
    page.get_by_label("Fichier de contacts").set_input_files(str(bad))
    page.get_by_role("button", name="Importer les contacts").click()
    expect(page.get_by_text("2 contacts.")).to_be_visible()
    assert Contact.objects.filter(organisation=organisation).count() == 2

    assert_accessible(page)
    page.screenshot(
        path=str(screenshot_dir() / "crisis-preparedness.png"), full_page=True, caret="initial"
    )


def test_after_an_exercise_the_press_release_is_attached_and_the_retex_makes_an_action(
    browser_page, live_server, organisation, tmp_path
):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    start = timezone.now() - dt.timedelta(hours=3)
    exercise = CrisisEventFactory(
        organisation=organisation,
        kind=EventKind.EXERCISE,
        title="Exercice inondation Annecy",
        started_at=start,
    )
    record_step(exercise, step=Step.CELL_ACTIVATED, at=start + dt.timedelta(minutes=25))
    record_step(
        exercise,
        step=Step.MEDIA_INFORMED,
        at=start + dt.timedelta(minutes=50),
        channel="press_release",
    )
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server.url, lead.username, "mot-de-passe-de-test")
    page.goto(f"{live_server.url}/{organisation.code}/communication-urgence/{exercise.pk}/")

    press_release = tmp_path / "communique-exercice.pdf"
    press_release.write_bytes(PDF_BYTES)
    page.get_by_text("Joindre le fichier du message").click()
    page.get_by_label("Fichier du message — information des médias").set_input_files(
        str(press_release)
    )
    page.get_by_role("button", name="Joindre", exact=True).click()
    expect(page.get_by_text("fichier « communique-exercice.pdf » joint")).to_be_visible()
    expect(
        page.get_by_role("link", name="Fichier du message : communique-exercice.pdf")
    ).to_be_visible()
    assert CrisisStep.objects.get(step="media_informed").attachment_name == (
        "communique-exercice.pdf"
    )

    page.goto(
        f"{live_server.url}/{organisation.code}/communication-urgence/{exercise.pk}"
        "/retour-experience/"
    )
    page.get_by_label("Ce qui s'est passé").fill(
        "Exercice de crue de l'Arve : cellule activée en 25 minutes, communiqué en 50 minutes."
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Retour d'expérience enregistré.")).to_be_visible()
    page.get_by_label("Thème").select_option("tools")
    page.get_by_text("N'a pas fonctionné").click()
    page.get_by_label("Constat détaillé").fill("FR-Alert : le compte de diffusion était expiré.")
    page.get_by_role("button", name="Ajouter le constat").click()
    expect(page.get_by_text("Constat ajouté.")).to_be_visible()

    action = Action.objects.get(organisation=organisation)
    assert action.source == "lessons_learned"
    assert LessonItem.objects.get().action_reference == action.reference
    expect(page.get_by_role("cell", name=action.reference)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    assert_accessible(page)
    page.screenshot(
        path=str(screenshot_dir() / "crisis-retex.png"), full_page=True, caret="initial"
    )
