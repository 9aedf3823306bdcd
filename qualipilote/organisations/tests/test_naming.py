"""An organisation's name keeps its article in sentences: « de la Préfecture de la Haute-Savoie »,
never « de Préfecture de la Haute-Savoie »."""

import pytest

from qualipilote.organisations.models import Organisation


@pytest.mark.parametrize(
    ("name", "article", "with_article", "with_de", "with_a"),
    [
        ("Préfecture de la Haute-Savoie", "", "la Préfecture de la Haute-Savoie",
         "de la Préfecture de la Haute-Savoie", "à la Préfecture de la Haute-Savoie"),
        ("Sous-préfecture de Thonon-les-Bains", "", "la Sous-préfecture de Thonon-les-Bains",
         "de la Sous-préfecture de Thonon-les-Bains", "à la Sous-préfecture de Thonon-les-Bains"),
        ("Secrétariat général commun départemental de la Savoie", "",
         "le Secrétariat général commun départemental de la Savoie",
         "du Secrétariat général commun départemental de la Savoie",
         "au Secrétariat général commun départemental de la Savoie"),
        ("SGCD de la Savoie", "", "le SGCD de la Savoie", "du SGCD de la Savoie",
         "au SGCD de la Savoie"),
        ("DDT de la Savoie", "", "la DDT de la Savoie", "de la DDT de la Savoie",
         "à la DDT de la Savoie"),
        ("Agence régionale de santé", "", "l'Agence régionale de santé",
         "de l'Agence régionale de santé", "à l'Agence régionale de santé"),
        ("Hôtel de préfecture", "", "l'Hôtel de préfecture", "de l'Hôtel de préfecture",
         "à l'Hôtel de préfecture"),
        ("Mayotte", "none", "Mayotte", "de Mayotte", "à Mayotte"),
        ("Ile-de-France", "none", "Ile-de-France", "d'Ile-de-France", "à Ile-de-France"),
        ("Services de l'État en Savoie", "les", "les Services de l'État en Savoie",
         "des Services de l'État en Savoie", "aux Services de l'État en Savoie"),
        ("Préfecture de police", "le", "le Préfecture de police", "du Préfecture de police",
         "au Préfecture de police"),  # the chosen article wins over the deduced one
    ],
)  # fmt: skip
def test_the_name_takes_its_article_with_french_elision(
    name, article, with_article, with_de, with_a
):
    organisation = Organisation(name=name, name_article=article)
    assert organisation.name_with_article == with_article
    assert organisation.name_with_de == with_de
    assert organisation.name_with_a == with_a


def test_the_pages_of_the_organisation_keep_the_article(quality_lead_client, organisation):
    page = quality_lead_client.get(f"/{organisation.code}/organisation/").content.decode()
    assert "Organisation de la Préfecture de la Haute-Savoie" in page
    assert "de Préfecture" not in page


def test_the_public_form_keeps_the_article(client, organisation):
    page = client.get(f"/{organisation.code}/avis/").content.decode()
    assert "Donner votre avis à la Préfecture de la Haute-Savoie" in page
    assert "les services de la Préfecture de la Haute-Savoie ?" in page
