"""The annual review's section 55: the year's "Je donne mon avis" ratings and Services
Publics+ experiences, figures with the counts behind them, nothing for an empty year."""

import datetime as dt

import pytest
from django.apps import apps

from qualipilote.registers.spplus import import_experiences
from qualipilote.surveys.jdma import import_jdma

from .test_jdma import csv_bytes

pytestmark = pytest.mark.django_db

SPPLUS = (
    "id_experience;ecrit_le;description;ressenti_usager;reponse_structure_1;date_de_premiere_reponse\n"
    "1;05/01/2026;Attente.;Négatif;Excuses.;09/01/2026\n"
    "2;14/01/2026;Bon accueil.;Positif;;\n"
    "3;14/01/2025;Année précédente.;Positif;;\n"
).encode()


def section(organisation, year):
    [found] = apps.get_app_config("surveys").annual_review(organisation, year)
    return found


def test_the_section_gives_the_years_ratings_and_experiences(organisation, other_organisation):
    import_jdma(organisation, csv_bytes(), "avis.csv")
    import_jdma(other_organisation, csv_bytes(), "avis.csv")
    import_experiences(organisation, SPPLUS, "sp.csv", today=dt.date(2026, 11, 27))

    found = section(organisation, 2026)
    assert found.order == 55
    jdma, spplus = found.paragraphs
    assert jdma.startswith(
        "En 2026, 5 avis « Je donne mon avis » ont répondu à la question de satisfaction : "
        "3 « Très bien », 1 « Moyen », 1 « Pas bien », soit 60,0 % d'usagers satisfaits et une "
        "note moyenne de 7,0 sur 10"
    )
    assert spplus == (
        "En 2026, 2 expériences d'usagers ont été déposées sur Services Publics+ : 1 au ressenti "
        "négatif, 0 neutre, 1 positif. 1 a reçu une réponse datée (50,0 %), dont 1 dans le délai "
        "du registre, en 4,0 jours ouvrés en moyenne."
    )
    per_form, experiences = found.tables
    assert per_form.rows == [
        ["Prise de rendez-vous", "1", "1", "2", "50,0 % (2 sur 4)", "6,3"],
        ["Titre de séjour", "0", "0", "1", "100,0 % (1 sur 1)", "10,0"],
    ]
    assert experiences.rows[-1] == ["Total", "2"]


def test_an_empty_year_says_so(organisation):
    found = section(organisation, 2019)
    assert found.is_empty
    assert "Aucun avis « Je donne mon avis » ni aucune expérience" in found.empty_statement
