"""Haute-Savoie 2019 as the demo loads it: the PDF's and the DOCX's text carry the seed report's
figures (indicator results, 30 complaints with 93 % on time, the survey's percentages)."""

import io

import pytest
from django.core.management import call_command

from qualipilote.organisations.models import Organisation
from qualipilote.review.content import build_content
from qualipilote.review.render import review_docx, review_pdf

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

# The seed's indicator table (January–July 2019) and results of the year.
INDICATOR_FIGURES = ["92,32 %", "94,07 %", "93,54 %", "8,83 %", "13,12 %", "9,38 %", "2,32 %"]
SURVEY_FIGURES = [
    ("La courtoisie et la politesse des agents", "96 %"),
    ("La simplicité des termes employés", "97 %"),
    ("Le délai d'attente", "70 %"),
    ("Les conditions de confidentialité", "89 %"),
    ("Satisfaction globale de l'accueil physique en préfecture", "93 %"),
]


@pytest.fixture
def haute_savoie(settings):
    settings.DEBUG = True
    for command in ("load_frameworks", "load_indicators", "load_demo"):
        call_command(command, stdout=io.StringIO())
    return Organisation.objects.get(code="pref-74")


def test_the_2019_review_shows_the_seed_figures_in_both_formats(haute_savoie):
    content = build_content(haute_savoie, 2019, foreword="Bilan présenté au COPIL.")
    for text in (pdf_text(review_pdf(content)), docx_text(review_docx(content))):
        assert "Bilan annuel de la qualité 2019" in text
        assert "Bilan présenté au COPIL." in text
        for figure in INDICATOR_FIGURES:
            assert figure in text
        assert "30 réclamations" in text
        assert "93 % ont été traitées dans le délai de 15 jours ouvrés" in text
        assert "délai moyen de réponse de 4,0 jours ouvrés" in text
        assert "122 questionnaires" in text
        for question, share in SURVEY_FIGURES:
            assert f"{question} {share}" in text or f"{question} | {share}" in text
        assert "Qual-e-pref 2019" in text
