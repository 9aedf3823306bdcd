"""The public feedback page: no account, lands in the register as a web-form feedback with a
reference; contact kept only with consent; honeypot, size limit and rate limit per address."""

import datetime as dt
import html

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.models import Feedback, FeedbackAuthor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def page_url(organisation):
    return reverse("registers_io:public_feedback", kwargs={"org_code": organisation.code})


def submit(client, organisation, **data):
    payload = {"kind": "complaint", "concerned": "", "description": "Attente trop longue."} | data
    return client.post(page_url(organisation), payload, follow=True)


def test_anyone_can_open_the_page_without_an_account(client, organisation):
    UnitFactory(organisation=organisation, code="bae", name="Bureau des étrangers")
    response = client.get(page_url(organisation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bureau des étrangers" in content
    assert "Accueil physique" in content
    assert "conservées 24 mois au plus" in content
    assert 'name="site_web"' in content
    assert 'maxlength="5000"' in content
    assert "5000 caractères au plus." in content


def test_unknown_organisation_answers_404(client, db):
    assert client.get("/pref-99/avis/").status_code == 404


def test_a_complaint_lands_in_the_register_with_a_reference(client, organisation):
    unit = UnitFactory(organisation=organisation, code="bae")
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        response = submit(client, organisation, concerned="unit:bae", description="Guichet fermé.")
    feedback = Feedback.objects.get()
    assert feedback.source == "web_form"
    assert feedback.kind == "complaint"
    assert feedback.unit == unit
    assert feedback.received_on == dt.date(2026, 3, 2)
    assert feedback.due_on == dt.date(2026, 3, 23)
    assert feedback.description == "Guichet fermé."
    assert feedback.reference == "AV-74-2026-00001"
    assert "AV-74-2026-00001" in response.content.decode()
    assert not FeedbackAuthor.objects.exists()


def test_a_suggestion_about_a_channel(client, organisation):
    submit(client, organisation, kind="suggestion", concerned="channel:phone")
    feedback = Feedback.objects.get()
    assert feedback.kind == "suggestion"
    assert feedback.channel == "phone"
    assert feedback.unit is None


def test_contact_is_kept_with_consent(client, organisation):
    submit(client, organisation, name="Camille Martin", email="camille@example.fr", consent="on")
    author = Feedback.objects.get().author
    assert author.name == "Camille Martin"
    assert author.email == "camille@example.fr"
    assert author.consent_given is True


def test_contact_without_consent_is_refused_and_nothing_saved(client, organisation):
    response = submit(client, organisation, email="camille@example.fr")
    assert "cochez cette case" in response.content.decode()
    assert not Feedback.objects.exists()
    assert not FeedbackAuthor.objects.exists()


def test_a_unit_of_another_organisation_cannot_be_chosen(client, organisation, other_organisation):
    UnitFactory(organisation=other_organisation, code="bae")
    response = submit(client, organisation, concerned="unit:bae")
    assert (
        "n&#x27;est pas un choix valide" in response.content.decode()
        or "choix valide" in response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_text_is_limited_in_size(client, organisation, settings):
    settings.PUBLIC_FEEDBACK_MAX_LENGTH = 50
    response = submit(client, organisation, description="x" * 51)
    assert "au plus 50 caractères" in response.content.decode()
    assert not Feedback.objects.exists()


def test_empty_message_is_refused(client, organisation):
    response = submit(client, organisation, description="")
    assert "Écrivez votre message." in response.content.decode()
    assert not Feedback.objects.exists()


def test_honeypot_filled_saves_nothing_but_looks_normal(client, organisation):
    response = submit(client, organisation, site_web="http://spam.example")
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert not Feedback.objects.exists()


def test_rate_limit_per_client_address(client, organisation, settings):
    settings.PUBLIC_FEEDBACK_RATE_LIMIT = 2
    assert submit(client, organisation).status_code == 200
    assert submit(client, organisation).status_code == 200
    response = submit(client, organisation)
    assert response.status_code == 429
    assert "Trop d&#x27;envois depuis votre connexion" in response.content.decode()
    assert Feedback.objects.count() == 2
    other_address = client.post(
        page_url(organisation),
        {"kind": "complaint", "description": "Autre usager."},
        REMOTE_ADDR="10.0.0.8",
    )
    assert other_address.status_code == 302
    assert Feedback.objects.count() == 3


def test_script_payload_is_shown_as_text_in_the_register(client, organisation, quality_lead_client):
    payload = "<script>alert(1)</script><b>gras</b>"
    client.post(page_url(organisation), {"kind": "complaint", "description": payload})
    feedback = Feedback.objects.get()
    assert feedback.description == payload
    detail = reverse(
        "registers:feedback_detail", kwargs={"org_code": organisation.code, "pk": feedback.pk}
    )
    content = quality_lead_client.get(detail).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in content
    assert "<script>alert(1)</script>" not in content


@pytest.mark.parametrize("character", ["\x0b", "\x00", "\x1f", "\x7f"])
def test_a_control_character_is_refused_with_a_message_naming_the_field(
    client, organisation, character
):
    # A vertical tab pasted from a word processor was saved, then the register's XLSX export
    # answered 500 (openpyxl refuses it); a NUL byte answered 500 on PostgreSQL.
    response = submit(client, organisation, description=f"Attente{character}trop longue.")

    assert response.status_code == 200
    assert (
        "« Votre message » contient un caractère de contrôle invisible "
        f"(U+{ord(character):04X}) : retirez-le ou retapez le texte."
    ) in html.unescape(response.content.decode())
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("field", "label"),
    [("concerned", "Service ou canal concerné"), ("kind", "Votre message est"), ("name", "Nom")],
)
def test_a_nul_byte_in_any_field_is_refused_never_a_500(client, organisation, field, label):
    response = submit(
        client, organisation, **{field: "unit:\x00" if field == "concerned" else "a\x00"}
    )

    assert response.status_code == 200
    assert f"« {label} » contient un caractère de contrôle" in html.unescape(
        response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_the_xlsx_export_of_a_message_typed_with_line_breaks_and_tabs_works(
    client, organisation, quality_lead_client
):
    submit(client, organisation, description="Première ligne\r\n\tSeconde ligne")
    url = reverse(
        "registers_io:export", kwargs={"org_code": organisation.code, "register": "feedback"}
    )

    response = quality_lead_client.get(url, {"format": "xlsx"})

    assert response.status_code == 200


def test_the_contact_fields_let_the_browser_fill_them_in(client, organisation):
    content = client.get(page_url(organisation)).content.decode()
    assert 'autocomplete="name"' in content
    assert 'autocomplete="email"' in content and 'type="email"' in content
    assert 'autocomplete="tel"' in content and 'type="tel"' in content


def test_a_failed_submit_shows_an_error_summary_that_takes_the_focus(client, organisation):
    response = submit(client, organisation, kind="", description="")
    content = response.content.decode()
    assert 'id="error-summary"' in content and "data-qp-focus" in content
    assert "Le formulaire contient 2 erreurs" in content
    assert 'href="#id_description"' in content
    assert not Feedback.objects.exists()


def test_the_thanks_page_says_what_happens_next_and_the_organisations_deadline(
    client, organisation
):
    from qualipilote.registers.services import change_deadline

    change_deadline(
        organisation, register="feedback", working_days=10, valid_from=dt.date(2026, 1, 1)
    )
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        response = submit(
            client, organisation, name="Léa Martin", email="lea@example.org", consent="on"
        )
    content = html.unescape(response.content.decode())
    assert "Et maintenant ?" in content
    assert "registre des réclamations et suggestions de la Préfecture de la Haute-Savoie" in content
    assert "dans un délai de <strong>10 jours ouvrés</strong>" in content
    assert "au plus tard le <strong>lundi 16 mars 2026</strong>" in content


def test_without_contact_the_thanks_page_says_no_personal_answer_comes(client, organisation):
    response = submit(client, organisation)
    content = html.unescape(response.content.decode())
    assert "ne peut pas recevoir de réponse personnelle" in content
    assert 'id="answer-deadline"' not in content
