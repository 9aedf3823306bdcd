"""The demo scopes and self-assessments of Haute-Savoie and Savoie."""

import logging

import pytest

from demo.assessments import load_demo
from demo.organisations import load_organisations_demo
from qualipilote.assessments.models import Evidence, SelfAssessment
from qualipilote.frameworks.models import FrameworkVersion, LabellingScope


@pytest.fixture
def demo_organisations(db):
    return load_organisations_demo()


def test_the_demo_sets_both_scopes_as_the_seed_documents_describe(demo_organisations):
    load_demo(demo_organisations)  # the frameworks are not loaded yet: the demo loads them

    haute_savoie = LabellingScope.objects.get(organisation__code="pref-74")
    assert str(haute_savoie.version) == "Qual-e-pref 2019"
    assert sorted(haute_savoie.modules.values_list("number", flat=True)) == [1, 7]
    assert {"bcar", "base", "bae", "bsi", "standard", "qualite"} <= set(
        haute_savoie.units.values_list("code", flat=True)
    )
    assert haute_savoie.sites.count() == 3
    assert haute_savoie.channels == [
        "in_person",
        "phone",
        "letter",
        "email",
        "website",
        "social",
    ]
    assert haute_savoie.updated_by.username == "referent.74"

    savoie = LabellingScope.objects.get(organisation__code="pref-73")
    assert str(savoie.version) == "Quali-ATE 2024"
    assert sorted(savoie.modules.values_list("number", flat=True)) == [1, 2, 4, 8]


def test_the_demo_has_assessments_with_real_pdf_and_link_evidence(demo_organisations):
    load_demo(demo_organisations)
    for code in ("pref-74", "pref-73"):
        assert SelfAssessment.objects.filter(organisation__code=code).count() >= 5
        assert Evidence.objects.filter(assessment__organisation__code=code, kind="link").exists()
    pdf = Evidence.objects.filter(kind="file").first()
    with pdf.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert (
        SelfAssessment.objects.filter(status="not_applicable")
        .exclude(not_applicable_reason="")
        .exists()
    )


def test_loading_the_demo_twice_adds_nothing(demo_organisations):
    load_demo(demo_organisations)
    counts = (
        LabellingScope.history.count(),
        SelfAssessment.objects.count(),
        SelfAssessment.history.count(),
        Evidence.objects.count(),
    )
    load_demo(demo_organisations)
    assert (
        LabellingScope.history.count(),
        SelfAssessment.objects.count(),
        SelfAssessment.history.count(),
        Evidence.objects.count(),
    ) == counts


def test_the_demo_is_skipped_with_a_message_when_no_framework_can_be_loaded(
    demo_organisations, monkeypatch, caplog
):
    monkeypatch.setattr("qualipilote.frameworks.loader.load_files", lambda *a, **k: [])
    with caplog.at_level(logging.WARNING):
        load_demo(demo_organisations)
    assert not FrameworkVersion.objects.exists()
    assert not LabellingScope.objects.exists()
    assert "lancez d'abord « manage.py load_frameworks »" in caplog.text
