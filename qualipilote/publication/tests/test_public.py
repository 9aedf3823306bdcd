"""The public results page, its poster and its open data: no account, the frozen figures only,
404 in French when nothing is published, script shown as text, exports formula-safe."""

import io
import json

import pytest
from pypdf import PdfReader

from qualipilote.publication import services
from qualipilote.surveys.models import Question

from .factories import draft, published

pytestmark = pytest.mark.django_db
PAGE = "/pref-74/resultats/"


def test_the_public_reads_the_results_without_an_account(client, data, lead, frozen_today):
    published(data, lead)
    response = client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Date de la dernière mise à jour : <strong>16 novembre 2026</strong>" in text
    # Figures with their period and the number behind them; status in words.
    assert "Nos résultats en octobre 2026" in text
    assert "90,00 %" in text and "En octobre 2026, sur 5\u202f000 appels reçus." in text
    assert "Objectif non atteint" in text
    assert "Satisfaction globale : 75 %" in text
    assert "sur 8 réponses exprimant un avis" in text
    assert "Satisfaction nette : 50,0 points." in text
    assert "moins part des personnes peu ou pas du tout satisfaites" in text
    assert "Enquête menée du 01/10/2026 au 31/10/2026 : 10 questionnaires reçus." in text
    assert "Nous vous accueillons avec courtoisie" in text


def test_the_page_may_be_cached_five_minutes_by_anyone(client, data, lead, frozen_today):
    published(data, lead)
    response = client.get(PAGE)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Last-Modified"] == "Mon, 16 Nov 2026 10:00:00 GMT"


def test_a_signed_in_members_page_is_private(member_client, data, lead, frozen_today):
    published(data, lead)
    response = member_client().get(PAGE)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_nothing_published_answers_404_in_french(client, data, lead, frozen_today):
    draft(data, lead)  # a draft is never public
    for path in (PAGE, f"{PAGE}affiche.pdf", f"{PAGE}donnees.csv", f"{PAGE}donnees.json"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Aucun résultat n&#x27;est publié pour le moment." in response.content.decode()


def test_a_withdrawn_publication_is_no_longer_public(client, data, lead, frozen_today):
    services.withdraw(published(data, lead), user=lead, reason="Vérification")
    assert client.get(PAGE).status_code == 404


def test_another_organisations_draft_or_publication_never_shows(
    client, data, lead, other_organisation, frozen_today
):
    published(data, lead)
    from .factories import scope_with_commitments

    scope_with_commitments(other_organisation, titles=("Engagement propre à la Savoie",))
    draft(other_organisation)
    assert client.get("/pref-73/resultats/").status_code == 404
    assert "Engagement propre à la Savoie" not in client.get(PAGE).content.decode()
    services.publish(draft(other_organisation), user=None)
    other = client.get("/pref-73/resultats/").content.decode()
    assert "Engagement propre à la Savoie" in other
    assert "90,00 %" not in other and "Nous vous accueillons" not in other


def test_html_in_labels_is_shown_as_text(client, data, lead, frozen_today):
    Question.objects.filter(code="attente").update(label="<script>alert(1)</script> Attente")
    published(data, lead)
    text = client.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Attente" in text


def test_the_poster_has_the_same_figures_and_the_address_of_the_page(
    client, data, lead, frozen_today
):
    published(data, lead)
    response = client.get(f"{PAGE}affiche.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Nos résultats de qualité de service" in text
    assert "Mis à jour le 16 novembre 2026" in text
    assert "90,00 %" in text and "75,00 %" in text and "75 %" in text
    assert "sur 8 réponses exprimant un avis" in text
    assert "http://testserver/pref-74/resultats/" in text


def test_the_open_data_csv_has_the_sp_plus_shape_and_is_formula_safe(
    client, data, lead, frozen_today
):
    published(data, lead)
    response = client.get(f"{PAGE}donnees.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "structure;indicateur;valeur;fréquence;date de mise à jour;période;"
        "nombre de réponses ou de dossiers"
    )
    assert (
        "Préfecture de la Haute-Savoie;Taux de décroché;90,0;Mensuelle;16/11/2026;octobre 2026;5000"
        in lines
    )
    assert any(";Taux de satisfaction nette;50,0;Par vague d'enquête;" in line for line in lines)
    # A text that a spreadsheet would run as a formula is written as text.
    data.name = '=HYPERLINK("http://exemple.invalid")'
    data.save(update_fields=["name"])
    published(data, lead)
    lines = b"".join(client.get(f"{PAGE}donnees.csv").streaming_content).decode("utf-8-sig")
    assert lines.splitlines()[1].startswith("\"'=HYPERLINK(")


def test_the_open_data_json(client, data, lead, frozen_today):
    published(data, lead)
    rows = json.loads(client.get(f"{PAGE}donnees.json").content)
    decroche = next(row for row in rows if row["indicateur"] == "Taux de décroché")
    assert decroche == {
        "structure": "Préfecture de la Haute-Savoie",
        "indicateur": "Taux de décroché",
        "valeur": 90.0,
        "frequence": "Mensuelle",
        "date_de_mise_a_jour": "2026-11-16",
        "periode": "octobre 2026",
        "nombre_de_reponses": 5000,
    }
    assert "Délai moyen de réponse aux demandes d'information par courrier (en jours)" not in [
        row["indicateur"] for row in rows
    ]


def test_no_personal_data_is_published(client, data, lead, frozen_today):
    from qualipilote.surveys.models import Survey
    from qualipilote.surveys.tests.factories import answer

    survey = Survey.objects.get()
    Survey.objects.filter(pk=survey.pk).update(closes_on="2026-11-30", closed_at=None)
    answer(survey, {"accueil-global": "satisfied", "commentaire": "Je suis Camille Martin"})
    Survey.objects.filter(pk=survey.pk).update(
        closes_on="2026-10-31", closed_at="2026-11-02T10:00Z"
    )
    publication = published(data, lead)
    text = client.get(PAGE).content.decode() + json.dumps(publication.content)
    assert lead.get_full_name() not in text and lead.email not in text
    assert "Camille Martin" not in text  # free-text comments are never published
