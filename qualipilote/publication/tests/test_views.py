"""The lead's pages: prepare, preview, confirm and publish, withdraw; who may act; the link from
the organisation's dashboard."""

import pytest

from qualipilote.organisations.enums import Role
from qualipilote.publication.models import Publication

from .factories import PUBLISHED_CODES, draft, published

pytestmark = pytest.mark.django_db
BASE = "/pref-74/publication/"


def test_the_lead_prepares_previews_confirms_and_publishes(client, data, lead, frozen_today):
    client.force_login(lead)
    assert "Préparer une publication" in client.get(BASE).content.decode()
    response = client.post(
        f"{BASE}nouvelle/",
        {"indicators": PUBLISHED_CODES, "include_commitments": "on", "include_survey": "on"},
    )
    prepared = Publication.objects.get()
    assert response.status_code == 302 and response.url == f"{BASE}{prepared.pk}/"
    preview = client.get(response.url).content.decode()
    assert "Aperçu du brouillon" in preview and "90,00 %" in preview
    assert client.get("/pref-74/resultats/").status_code == 404  # not before the confirmation
    confirmation = client.get(f"{BASE}{prepared.pk}/publier/").content.decode()
    assert "Confirmer la publication" in confirmation
    response = client.post(f"{BASE}{prepared.pk}/publier/")
    assert response.status_code == 302
    prepared.refresh_from_db()
    assert prepared.status == "published"
    assert client.get("/pref-74/resultats/").status_code == 200
    history = client.get(BASE).content.decode()
    assert "En ligne depuis le 16/11/2026" in history


def test_publishing_a_draft_twice_from_the_page_says_so(client, data, lead, frozen_today):
    client.force_login(lead)
    prepared = draft(data, lead)
    client.post(f"{BASE}{prepared.pk}/publier/")
    response = client.post(f"{BASE}{prepared.pk}/publier/")
    assert response.status_code == 400
    assert "déjà été publié" in response.content.decode()


def test_the_lead_withdraws_with_a_reason(client, data, lead, frozen_today):
    client.force_login(lead)
    publication = published(data, lead)
    response = client.post(f"{BASE}{publication.pk}/retirer/", {"reason": ""})
    assert (
        response.status_code == 400 and "Indiquez le motif du retrait." in response.content.decode()
    )
    client.post(f"{BASE}{publication.pk}/retirer/", {"reason": "Erreur de saisie"})
    publication.refresh_from_db()
    assert publication.status == "withdrawn"
    assert "Erreur de saisie" in client.get(BASE).content.decode()


def test_a_correspondent_reads_but_does_not_publish(member_client, data, lead, frozen_today):
    client = member_client(Role.QUALITY_CORRESPONDENT)
    prepared = draft(data, lead)
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}{prepared.pk}/").status_code == 200
    assert client.post(f"{BASE}nouvelle/", {"indicators": PUBLISHED_CODES}).status_code == 403
    assert client.post(f"{BASE}{prepared.pk}/publier/").status_code == 403
    prepared.refresh_from_db()
    assert prepared.status == "draft"


def test_another_organisations_member_sees_none_of_it(
    member_client, data, lead, other_organisation, frozen_today
):
    prepared = draft(data, lead)
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{prepared.pk}/").status_code == 403
    # Nor through its own organisation's address.
    assert client.get(f"/pref-73/publication/{prepared.pk}/").status_code == 404
    assert client.post(f"/pref-73/publication/{prepared.pk}/publier/").status_code == 404


def test_a_control_character_in_the_reason_is_refused(client, data, lead, frozen_today):
    client.force_login(lead)
    publication = published(data, lead)
    response = client.post(f"{BASE}{publication.pk}/retirer/", {"reason": "a\x00b"})
    assert response.status_code == 400
    publication.refresh_from_db()
    assert publication.status == "published"


def test_an_unknown_indicator_in_the_form_is_refused(client, data, lead):
    client.force_login(lead)
    response = client.post(f"{BASE}nouvelle/", {"indicators": ["inconnu"]})
    assert response.status_code == 400
    assert not Publication.objects.exists()


def test_the_dashboard_links_to_the_public_page(client, data, lead, frozen_today):
    client.force_login(lead)
    assert "Aucun résultat publié pour le public." in client.get("/pref-74/").content.decode()
    published(data, lead)
    home = client.get("/pref-74/").content.decode()
    assert 'href="/pref-74/resultats/" id="public-results-link"' in home
