import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("legal:legal_notice", "Mentions légales"),
        ("legal:personal_data", "Données personnelles"),
        ("legal:accessibility", "Déclaration d'accessibilité"),
    ],
)
def test_legal_pages_are_public_and_linked_from_every_footer(client, db, name, heading):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert f'class="fr-footer__bottom-link" href="{url}"' in login_page
