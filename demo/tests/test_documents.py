"""The demo document base: the Haute-Savoie procedure guide of the seed (themes 0–7, sheets
1–72 with their titles), each in force and validated by the COPIL of 11/04/2019, some revised on
27/08/2019; reminders to show; Savoie gets the themes only; loading twice adds nothing."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from demo import documents
from demo.organisations import load_organisations_demo
from qualipilote.documents.enums import VersionStatus
from qualipilote.documents.guide import guide_pdf
from qualipilote.documents.models import Document, DocumentTheme, DocumentVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_loads_the_seed_procedure_guide():
    organisations = load_organisations_demo()
    documents.load_demo(organisations)
    documents.load_demo(organisations)  # idempotent
    haute_savoie = next(o for o in organisations if o.departement == "74")
    savoie = next(o for o in organisations if o.departement == "73")
    sheets = Document.objects.filter(organisation=haute_savoie, kind="procedure")
    assert sheets.count() == 26
    assert sorted(sheets.values_list("number", flat=True))[:3] == [1, 2, 3]
    assert sheets.get(number=72).title == "Activation de la cellule d'information du public"
    assert DocumentTheme.objects.get(organisation=haute_savoie, number=7).title == (
        "Communication d'urgence en cas d'événement majeur"
    )
    assert DocumentTheme.objects.filter(organisation=savoie).count() == 8
    assert not Document.objects.filter(organisation=savoie).exists()
    current = DocumentVersion.objects.filter(
        document__organisation=haute_savoie, status=VersionStatus.APPROVED
    )
    assert current.count() == 31
    assert {timezone.localtime(v.approved_at).date() for v in current} == {
        dt.date(2019, 4, 11),
        dt.date(2019, 8, 27),
    }
    assert Document.objects.filter(
        organisation=haute_savoie, next_review_on__lt=timezone.localdate()
    ).exists()
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(guide_pdf(haute_savoie))).pages
    )
    assert "Fiche 70 — Activation de la cellule de communication d'urgence" in text
