"""The frameworks pages: every signed-in user reads them; the search ignores accents and case."""

import pytest
from django.urls import reverse

from qualipilote.frameworks.search import fold, search_commitments
from qualipilote.frameworks.tests.factories import CommitmentFactory, SubCriterionFactory
from qualipilote.indicators.models import Indicator
from qualipilote.organisations.enums import Role


def _version_url(code, version):
    return reverse("frameworks:version", kwargs={"framework_code": code, "version": version})


def _commitment_url(code, version, number):
    return reverse(
        "frameworks:commitment",
        kwargs={"framework_code": code, "version": version, "number": number},
    )


@pytest.fixture
def reader(member_client):
    return member_client(Role.VIEWER)


def test_the_pages_need_a_signed_in_user(client, loaded_frameworks):
    for url in (reverse("frameworks:list"), _version_url("quali-ate", "2024")):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_the_list_shows_each_framework_with_its_versions(reader, loaded_frameworks):
    page = reader.get(reverse("frameworks:list")).content.decode()
    for name in ("Qual-e-pref", "Quali-ATE", "Services Publics+"):
        assert f">{name}</h2>" in page
    assert _version_url("services-publics-plus", "2023") in page
    assert "Importer ou compléter" not in page  # for national administrators only


def test_the_version_page_marks_mandatory_modules_and_shows_unknown_titles_honestly(
    reader, loaded_frameworks
):
    response = reader.get(_version_url("quali-ate", "2024"))
    page = response.content.decode()
    assert page.count("Module 3 — <em>Intitulé non connu</em>") == 1
    assert page.count(">Intitulé non connu</p>") == 4  # modules 3, 5, 6, 7
    assert page.count(">Obligatoire</p>") == 2
    assert _commitment_url("quali-ate", "2024", 43) in page
    assert "Inclut les engagements de" in page and "Services Publics+ 2023" in page
    assert 'aria-current="page"' in page  # breadcrumb


def test_an_unknown_version_is_not_found(reader, loaded_frameworks):
    assert reader.get(_version_url("quali-ate", "1999")).status_code == 404
    assert reader.get(reverse("frameworks:framework", args=["inconnu"])).status_code == 404


def test_a_framework_address_leads_to_its_latest_version(reader, loaded_frameworks):
    response = reader.get(reverse("frameworks:framework", args=["qual-e-pref"]))
    assert response["Location"] == _version_url("qual-e-pref", "2019")


def test_the_commitment_page_shows_its_texts_and_resolves_known_indicators(
    reader, loaded_frameworks
):
    Indicator.objects.create(
        code="email_answered_on_time_rate",
        label="Taux de réponse aux courriels dans le délai de 5 jours ouvrés",
        domain="information",
        unit="percent",
        method="computed",
    )
    page = reader.get(_commitment_url("qual-e-pref", "2019", 17)).content.decode()
    assert "Nous vous répondons dans un délai annoncé et maîtrisé" in page
    assert "Relation générale avec les usagers" in page
    assert "15 jours ouvrés en 2019, 10 jours ouvrés à partir de 2020" in page
    assert "Taux de réponse aux courriels dans le délai de 5 jours ouvrés" in page
    assert "<code>letter_average_response_days</code> (pas encore dans le catalogue" in page
    assert "Non renseignés : à compléter depuis le référentiel officiel." in page


def test_the_commitment_page_lists_sub_criteria_and_the_version_inclusion(
    reader, loaded_frameworks
):
    page = reader.get(_commitment_url("qual-e-pref", "2019", 2)).content.decode()
    assert "Les agents sont identifiés par leur nom." in page
    assert "Intitulé à confirmer" in page
    page = reader.get(_commitment_url("services-publics-plus", "2023", 6)).content.decode()
    assert "sont inclus dans" in page and "Quali-ATE 2024" in page


def _search(client, query, **extra):
    return client.get(reverse("frameworks:search"), {"q": query, **extra})


@pytest.mark.parametrize("query", ["délai annoncé", "DELAI annonce", "Délai ANNONCÉ"])
def test_the_search_ignores_accents_and_case(reader, loaded_frameworks, query):
    results = _search(reader, query).context["results"]
    assert {(c.version.framework.code, c.number) for c in results} == {
        ("quali-ate", 15),
        ("qual-e-pref", 17),
        ("services-publics-plus", 4),  # « traitée dans les délais annoncés »: word starts match
    }


def test_the_search_by_number_puts_the_commitments_of_that_number_first(reader, loaded_frameworks):
    response = _search(reader, "15")
    results = response.context["results"]
    assert {(c.version.framework.code, c.number) for c in results[:2]} == {
        ("quali-ate", 15),
        ("qual-e-pref", 15),
    }
    assert _commitment_url("quali-ate", "2024", 15) in response.content.decode()


def test_the_search_can_be_limited_to_one_version(reader, loaded_frameworks):
    from qualipilote.frameworks.models import FrameworkVersion

    version = FrameworkVersion.objects.get(framework__code="services-publics-plus")
    results = _search(reader, "environnement", version=version.pk).context["results"]
    assert [(c.version_id, c.number) for c in results] == [(version.pk, 8)]


def test_the_search_finds_words_of_sub_criteria_and_word_starts_only(db):
    commitment = CommitmentFactory(title="Nous répondons au téléphone")
    SubCriterionFactory(commitment=commitment, code="1.1", title="Œuvre d'accueil")
    from qualipilote.frameworks.writer import search_text_for

    commitment.search_text = search_text_for(
        commitment.number, commitment.title, "", commitment.sub_criteria.all()
    )
    commitment.save()
    assert list(search_commitments("oeuvre")) == [commitment]
    assert list(search_commitments("TELEPH")) == [commitment]
    assert list(search_commitments("ephone")) == []


def test_an_empty_search_shows_no_result_list(reader, loaded_frameworks):
    assert _search(reader, "  ").context["results"] is None


def test_fold_removes_accents_case_and_punctuation():
    assert fold("L'Événement « majeur » — Œuvre") == "l evenement majeur oeuvre"
