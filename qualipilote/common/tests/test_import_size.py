"""Every import page refuses a file above settings.IMPORT_MAX_BYTES on the file field, in French,
before reading it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_LARGE = "Le fichier dépasse la taille maximale de 1 Mo."


@pytest.fixture
def one_megabyte_limit(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024


def upload(name):
    return SimpleUploadedFile(name, b"x" * (1024 * 1024 + 1))


@pytest.mark.usefixtures("one_megabyte_limit")
@pytest.mark.parametrize(
    "path",
    [
        "/pref-74/registres/correspondence/importer/",
        "/pref-74/indicateurs/chiffres/importer/telephonie/",
    ],
)
def test_an_organisation_import_refuses_a_file_too_large(quality_lead_client, path):
    response = quality_lead_client.post(path, {"file": upload("gros.csv")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [TOO_LARGE]


@pytest.mark.usefixtures("one_megabyte_limit")
def test_the_framework_import_refuses_a_file_too_large(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        "/referentiels/importer/",
        {
            "framework_code": "quali-ate",
            "framework_name": "Quali-ATE",
            "version": "2024",
            "file": upload("gros.xlsx"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [TOO_LARGE]
