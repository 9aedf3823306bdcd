"""The provisioning benchmark's CSV is a valid national file: 300 organisations, prefectures of
real departements with their sub-prefectures attached, all accepted by import_organisations."""

import pytest

from bench.management.commands.bench_provisioning import organisations_csv
from qualipilote.organisations.enums import OrganisationKind
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.services import import_organisations

pytestmark = pytest.mark.django_db


def test_the_benchmark_file_creates_300_organisations():
    created = import_organisations(organisations_csv(300).encode(), "organisations.csv")
    assert len(created) == 300
    assert Organisation.objects.filter(kind=OrganisationKind.PREFECTURE).count() == 100
    corsica = Organisation.objects.get(code="pref-2a")
    assert corsica.departement == "2A"
    assert Organisation.objects.filter(parent=corsica).exists()
