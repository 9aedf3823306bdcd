"""The admin reads training and eco-responsibility records (with their history) and writes none:
changes go through the pages and the services."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "training_trainingsession",
    "training_tutoringpair",
    "training_trainingneed",
    "training_qualityawareness",
    "ecoresponsibility_ecoaction",
    "ecoresponsibility_ecofigure",
    "ecoresponsibility_begesreport",
    "ecoresponsibility_staffinitiative",
]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_and_adds_nothing(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 403
