"""Files that used to answer 500 on the register import page get a French refusal instead:
control characters (PostgreSQL refuses NUL), undecodable CSV, spreadsheets built to exhaust the
server."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualipilote.common.tabular import ImportRejected
from qualipilote.common.tests import hostile_files
from qualipilote.registers.imports import import_register
from qualipilote.registers.models import Correspondence, Feedback

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def errors_of(organisation, register, raw, filename):
    with pytest.raises(ImportRejected) as rejected:
        import_register(organisation, register, raw, filename, today=TODAY)
    return [str(error) for error in rejected.value.errors]


def test_a_nul_byte_in_a_cell_is_refused_at_its_line_and_column(organisation):
    raw = b"recu_le;nature;origine;description\n16/02/2026;suggestion;urne;A\x00B\n"
    assert errors_of(organisation, "feedback", raw, "avis.csv") == [
        "Ligne 2, colonne « description » : contient un caractère de contrôle invisible "
        "(U+0000) : retirez-le ou retapez le texte."
    ]
    assert not Feedback.objects.exists()


def import_page(client, organisation, name, content):
    url = reverse(
        "registers_io:import", kwargs={"org_code": organisation.code, "register": "correspondence"}
    )
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.csv", b"recu_le;canal\n16/02/2026;courr\x81iel\n", "ni en UTF-8 ni en Windows-1252"),
        ("r.csv", b"recu_le;objet;canal\n16/02/2026;\x0b;courriel\n", "caractère de contrôle"),
        ("r.xlsx", hostile_files.declared_huge_shared_strings(300 * 2**20), "une fois décompressé"),
        ("r.xlsx", hostile_files.sheet_with_rows(3, declared=2_000_000), "plus de 200"),
        (
            "r.xlsx",
            hostile_files.sheet_with_cell_xml('<c r="B2" t="inlineStr"><is><t>&#0;</t></is></c>'),
            "pas un classeur Excel (.xlsx) lisible",
        ),
    ],
)
def test_the_import_page_refuses_hostile_files_in_french(
    quality_lead_client, organisation, name, content, message
):
    response = import_page(quality_lead_client, organisation, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Correspondence.objects.exists()
