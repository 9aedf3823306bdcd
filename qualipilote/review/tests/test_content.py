"""What every section says, and what a year without data says instead of empty tables."""

import datetime as dt

import pytest

from qualipilote.registers.tests.factories import FeedbackFactory
from qualipilote.review.content import build_content, collect_sections
from qualipilote.review.render import review_docx, review_pdf

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def test_sections_come_from_every_app_in_order(organisation):
    sections = collect_sections(organisation, 2024)
    orders = [section.order for section in sections]
    assert orders == sorted(orders)
    assert {10, 20, 40, 50, 70, 80, 85, 90, 130} <= set(orders)


def test_a_year_without_data_states_it_in_words_not_empty_tables(organisation):
    content = build_content(organisation, 2021)
    assert not content.has_data
    for text in (pdf_text(review_pdf(content)), docx_text(review_docx(content))):
        assert "Aucune donnée n'est enregistrée dans Qualipilote pour 2021" in text
        assert "Aucun indicateur n'a de résultat en 2021" in text
        assert "Aucune réclamation ni suggestion n'a été enregistrée en 2021" in text
        assert "Aucune enquête de satisfaction n'a été menée en 2021" in text
        assert "Aucun audit n'a eu lieu en 2021" in text
        assert "Thème" not in text  # no empty complaints table


def test_complaints_are_counted_by_theme_with_the_on_time_share(organisation):
    for day, answered, theme in [
        (dt.date(2024, 3, 4), dt.date(2024, 3, 6), "Accueil"),
        (dt.date(2024, 3, 5), dt.date(2024, 3, 7), "Accueil"),
        (dt.date(2024, 4, 2), dt.date(2024, 6, 28), "Site internet"),
    ]:
        FeedbackFactory(
            organisation=organisation, received_on=day, answered_on=answered, theme=theme
        )
    FeedbackFactory(organisation=organisation, received_on=dt.date(2023, 5, 2), theme="Ancien")
    text = pdf_text(review_pdf(build_content(organisation, 2024)))
    assert "En 2024, 3 réclamations et 0 suggestion ont été enregistrées." in text
    assert "67 % ont été traitées dans le délai de 15 jours ouvrés (2 sur 3 réponses dues)" in text
    assert "Accueil 2 0" in text and "Site internet 1 0" in text
    assert "Ancien" not in text


def test_a_foreword_with_html_is_shown_as_text(organisation):
    foreword = "<b>Merci</b> aux agents <script>alert(1)</script>"
    content = build_content(organisation, 2024, foreword=foreword, conclusion="<i>Fin</i>")
    for text in (pdf_text(review_pdf(content)), docx_text(review_docx(content))):
        assert "<b>Merci</b> aux agents <script>alert(1)</script>" in text
        assert "<i>Fin</i>" in text
