"""The survey pages: public answering (honeypot, rate limit, double click), paper entry,
results, export, poster, and each organisation seeing only its own surveys."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from pypdf import PdfReader

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import SiteFactory
from qualipilote.surveys.models import Response

from .factories import answer, make_survey

pytestmark = pytest.mark.django_db
DURING = dt.datetime(2026, 10, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def public_url(survey):
    return f"/{survey.organisation.code}/enquete/{survey.pk}/"


def token_of(page) -> str:
    return page.context["form"]["token"].value()


@time_machine.travel(DURING)
def test_a_citizen_answers_without_an_account(client, organisation):
    survey = make_survey(organisation)
    page = client.get(public_url(survey))
    assert page.status_code == 200
    assert "Satisfaction globale de l&#x27;accueil (obligatoire)" in page.content.decode()
    sent = client.post(
        public_url(survey),
        {
            "token": token_of(page),
            "q_accueil-global": "satisfied",
            "q_canaux": ["telephone", "guichet"],
            "q_note": "7",
        },
    )
    assert sent.status_code == 302 and sent["Location"].endswith("/merci/")
    response = Response.objects.get()
    assert (response.mode, response.channel) == ("online", "website")
    assert response.answers.count() == 4


@time_machine.travel(DURING)
def test_a_double_click_counts_once(client, organisation):
    survey = make_survey(organisation)
    token = token_of(client.get(public_url(survey)))
    for _ in range(2):
        assert (
            client.post(
                public_url(survey), {"token": token, "q_accueil-global": "satisfied"}
            ).status_code
            == 302
        )
    assert Response.objects.count() == 1


@time_machine.travel(DURING)
def test_a_required_question_left_empty_is_named_and_nothing_stored(client, organisation):
    survey = make_survey(organisation)
    page = client.post(
        public_url(survey),
        {"token": token_of(client.get(public_url(survey))), "q_attente": "satisfied"},
    )
    assert page.status_code == 400
    assert (
        "« Satisfaction globale de l&#x27;accueil » : cette question est obligatoire."
        in page.content.decode()
    )
    assert Response.objects.count() == 0


@time_machine.travel(DURING)
def test_a_choice_not_in_the_question_is_refused(client, organisation):
    survey = make_survey(organisation)
    page = client.post(
        public_url(survey),
        {"token": token_of(client.get(public_url(survey))), "q_accueil-global": "ravi"},
    )
    assert page.status_code == 400 and Response.objects.count() == 0


@time_machine.travel(DURING)
def test_the_honeypot_thanks_a_robot_and_stores_nothing(client, organisation):
    survey = make_survey(organisation)
    token = token_of(client.get(public_url(survey)))
    sent = client.post(
        public_url(survey),
        {"token": token, "q_accueil-global": "satisfied", "site_web": "http://spam"},
    )
    assert sent.status_code == 302 and Response.objects.count() == 0


@time_machine.travel(DURING)
def test_a_flood_from_one_client_gets_a_french_429(client, organisation, settings):
    settings.SURVEY_RATE_LIMIT = 2
    survey = make_survey(organisation)
    for _ in range(2):
        token = token_of(client.get(public_url(survey)))
        assert (
            client.post(
                public_url(survey), {"token": token, "q_accueil-global": "satisfied"}
            ).status_code
            == 302
        )
    token = token_of(client.get(public_url(survey)))
    refused = client.post(public_url(survey), {"token": token, "q_accueil-global": "satisfied"})
    assert refused.status_code == 429
    assert "Trop de réponses envoyées depuis votre connexion" in refused.content.decode()
    assert Response.objects.count() == 2


def test_a_closed_or_unpublished_survey_takes_no_answer(client, organisation):
    survey = make_survey(organisation)
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)):
        page = client.post(public_url(survey), {"q_accueil-global": "satisfied"})
        assert page.status_code == 410
        assert "close depuis le 31/10/2026" in page.content.decode()
    hidden = make_survey(organisation, published=False)
    with time_machine.travel(DURING):
        assert client.get(public_url(hidden)).status_code == 404
    assert Response.objects.count() == 0


@time_machine.travel(DURING)
def test_a_qr_code_of_a_site_marks_the_answer_with_the_site(client, organisation):
    hall = SiteFactory(organisation=organisation)
    survey = make_survey(organisation)
    url = f"{public_url(survey)}?site={hall.pk}"
    client.post(url, {"token": token_of(client.get(url)), "q_accueil-global": "satisfied"})
    response = Response.objects.get()
    assert (response.site, response.channel) == (hall, "in_person")


@time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC))
def test_paper_entry_with_digits_marks_the_paper_and_the_agent(member_client, organisation):
    client = member_client(Role.AGENT)
    survey = make_survey(organisation)
    url = f"/pref-74/enquetes/{survey.pk}/saisie-papier/"
    page = client.get(url)
    assert page.context["form"]["paper_number"].value() == 1
    sent = client.post(
        url,
        {
            "token": token_of(page),
            "paper_number": "1",
            "q_accueil-global": "2",
            "q_attente": "0",
            "q_canaux": "13",
            "q_note": "10",
            "q_site-internet": "1",
        },
    )
    assert sent.status_code == 302
    response = Response.objects.get()
    assert (response.mode, response.entered_by, response.paper_number) == (
        "paper",
        client.membership.user,
        1,
    )
    chosen = set(response.answers.exclude(choice=None).values_list("choice__code", flat=True))
    assert chosen == {"satisfied", "no_opinion", "telephone", "guichet", "yes"}
    following = client.get(sent["Location"])
    assert following.context["form"]["paper_number"].value() == 2
    assert "Questionnaire papier n° 1 enregistré" in following.content.decode()


@time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC))
def test_paper_entry_refuses_a_digit_without_a_choice(member_client, organisation):
    client = member_client(Role.AGENT)
    survey = make_survey(organisation)
    url = f"/pref-74/enquetes/{survey.pk}/saisie-papier/"
    page = client.post(
        url, {"token": token_of(client.get(url)), "paper_number": "1", "q_accueil-global": "7"}
    )
    assert "« 7 » ne correspond à aucun choix" in page.content.decode()
    assert Response.objects.count() == 0


def test_results_page_shows_rates_with_their_answers_and_comments_as_text(
    member_client, organisation
):
    client = member_client(Role.VIEWER)
    survey = make_survey(organisation)
    for value in ["very_satisfied", "satisfied", "dissatisfied", "no_opinion"]:
        answer(survey, {"accueil-global": value, "commentaire": "<b>Trop</b> d'attente"})
    page = client.get(f"/pref-74/enquetes/{survey.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>67 %</strong> sur 3 réponses avec un avis" in html
    assert "&lt;b&gt;Trop&lt;/b&gt; d&#x27;attente" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Clore la vague" not in html  # a viewer reads, nothing more


def test_the_results_filters_are_not_marked_optional(member_client, organisation):
    """A filter's fields may all stay empty: DSFR marks nothing there (issue 8, forms)."""
    survey = make_survey(organisation)
    html = member_client(Role.VIEWER).get(f"/pref-74/enquetes/{survey.pk}/").content.decode()
    assert "Site" in html and "(facultatif)" not in html and "Optionnel" not in html


def test_export_xlsx_keeps_a_formula_comment_as_text(member_client, organisation):
    client = member_client(Role.VIEWER)
    survey = make_survey(organisation)
    answer(survey, {"accueil-global": "satisfied", "commentaire": "=1+1"})
    export = client.get(f"/pref-74/enquetes/{survey.pk}/export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    results = list(workbook["Résultats"].iter_rows(values_only=True))
    assert results[0][:5] == ("Code", "Question", "Type", "Choix", "Nombre")
    assert results[2][:5] == (
        "accueil-global",
        "Satisfaction globale de l'accueil",
        "Satisfaction (très satisfait … pas du tout satisfait)",
        "Satisfait",
        1,
    )
    comments = workbook["Commentaires"]
    assert comments["B2"].value == "=1+1" and comments["B2"].data_type == "s"


def test_poster_pdf_carries_the_title_site_and_address(member_client, organisation):
    client = member_client(Role.QUALITY_LEAD)
    hall = SiteFactory(organisation=organisation, name="Hall principal")
    survey = make_survey(organisation)
    pdf = client.get(f"/pref-74/enquetes/{survey.pk}/affiche/{hall.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert "Votre avis nous intéresse" in text and "Hall principal" in text
    assert f"/pref-74/enquete/{survey.pk}/?site={hall.pk}" in text.replace("\n", "")
    assert "du 01/10/2026 au 31/10/2026" in text


def test_another_organisations_member_gets_nothing(member_client, organisation, other_organisation):
    survey = make_survey(organisation)
    hall = SiteFactory(organisation=organisation)
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    for path in ["", "export.xlsx", "saisie-papier/", f"affiche/{hall.pk}.pdf"]:
        assert outsider.get(f"/pref-74/enquetes/{survey.pk}/{path}").status_code == 403
        assert outsider.get(f"/pref-73/enquetes/{survey.pk}/{path}").status_code == 404
    assert outsider.post(f"/pref-73/enquetes/{survey.pk}/cloture/").status_code == 404


def test_only_survey_managers_create_publish_and_close(member_client, organisation):
    survey = make_survey(organisation)
    agent = member_client(Role.AGENT)
    assert agent.get("/pref-74/enquetes/nouvelle/").status_code == 403
    assert agent.post(f"/pref-74/enquetes/{survey.pk}/cloture/").status_code == 403


def test_the_quality_lead_builds_a_wave_from_lines(member_client, organisation):
    client = member_client(Role.QUALITY_LEAD)
    sent = client.post(
        "/pref-74/enquetes/nouvelle/",
        {
            "title": "Accueil 2026",
            "opens_on": "2026-10-01",
            "closes_on": "2026-10-31",
            "questions_text": "accueil ; satisfaction ; Satisfaction globale ; ; obligatoire\nmotif ; single_choice ; Motif ; Titre de séjour | Autre",
        },
    )
    assert sent.status_code == 302
    survey = organisation.surveys.get()
    assert not survey.published
    assert [(q.code, q.kind, q.required) for q in survey.questions.all()] == [
        ("accueil", "satisfaction", True),
        ("motif", "single_choice", False),
    ]
    assert list(survey.questions.get(code="motif").choices.values_list("code", flat=True)) == [
        "titre-de-sejour",
        "autre",
    ]


def test_a_bad_line_is_named_and_nothing_created(member_client, organisation):
    client = member_client(Role.QUALITY_LEAD)
    page = client.post(
        "/pref-74/enquetes/nouvelle/",
        {
            "title": "Accueil",
            "opens_on": "2026-10-01",
            "closes_on": "2026-09-01",
            "questions_text": "a ; smiley ; Q",
        },
    )
    html = page.content.decode()
    assert "Question 1 (« a ») : type (kind) inconnu « smiley »" in html
    assert organisation.surveys.count() == 0
