"""GET /api/v1/organisations/<org>/publication/: the publication in force, read only."""

import pytest

from qualipilote.api.models import ApiToken

from .factories import draft, published

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/pref-74/publication/"


def _bearer(organisation):
    return {"Authorization": f"Bearer {ApiToken.issue(organisation, 'Site internet')[1]}"}


def test_the_publication_in_force_with_its_open_data(client, data, lead, frozen_today):
    publication = published(data, lead)
    response = client.get(URL, headers=_bearer(data))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == publication.pk
    assert body["content"]["indicators"]["month"] == "2026-10-01"
    decroche = next(row for row in body["open_data"] if row["indicateur"] == "Taux de décroché")
    assert (decroche["valeur"], decroche["nombre_de_reponses"]) == ("90.00", 5000)


def test_nothing_in_force_is_404_and_a_draft_is_never_shown(client, data, lead, frozen_today):
    draft(data, lead)
    response = client.get(URL, headers=_bearer(data))
    assert response.status_code == 404
    assert response.json()["detail"] == "Aucun résultat n'est publié pour le moment."


def test_read_only_and_for_its_own_organisation(
    client, data, lead, other_organisation, frozen_today
):
    published(data, lead)
    assert client.post(
        URL, {}, headers=_bearer(data), content_type="application/json"
    ).status_code in (403, 405)
    assert client.get(URL, headers=_bearer(other_organisation)).status_code in (403, 404)
    assert client.get(URL).status_code in (401, 403)
