"""The review's pages (creation, texts, generation with progress, download) and the command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers.tests.factories import FeedbackFactory
from qualipilote.review.models import AnnualReview, ReviewGeneration
from qualipilote.review.services import create_review

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"review:{name}", kwargs={"org_code": "pref-74", **kwargs})


def test_the_quality_lead_writes_and_generates_the_review_then_downloads_both(
    client, organisation, lead, django_capture_on_commit_callbacks
):
    FeedbackFactory(organisation=organisation, received_on=dt.date(2024, 3, 4), theme="Accueil")
    client.force_login(lead)
    response = client.post(_url("create"), {"year": "2024"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("save", year=2024),
            {"foreword": "Une année <b>utile</b>.", "conclusion": "À suivre.", "generate": "1"},
        )
    generation = ReviewGeneration.objects.get()
    assert response.url == _url("generation", year=2024, pk=generation.pk)
    assert generation.status == ReviewGeneration.Status.DONE  # immediate tasks in tests
    assert generation.requested_by == lead and generation.finished_at is not None
    page = client.get(response.url, headers={"HX-Request": "true"})
    assert "Télécharger le PDF" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # finished: no more polling
    pdf = client.get(_url("download", year=2024, pk=generation.pk, file_format="pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "Une année <b>utile</b>." in text and "1 réclamation" in text
    docx = client.get(_url("download", year=2024, pk=generation.pk, file_format="docx"))
    assert "Une année <b>utile</b>." in docx_text(b"".join(docx.streaming_content))
    detail = client.get(_url("detail", year=2024)).content.decode()
    assert "Terminé" in detail


def test_a_running_generation_is_followed_by_polling(client, organisation, lead):
    review = create_review(organisation, 2024)
    running = ReviewGeneration.objects.create(
        review=review, status=ReviewGeneration.Status.RUNNING, percent=40, step="Mise en page"
    )
    client.force_login(lead)
    page = client.get(_url("generation", year=2024, pk=running.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page and "40 %" in page
    # A second click while it runs does not start another one.
    client.post(_url("save", year=2024), {"foreword": "", "conclusion": "", "generate": "1"})
    assert review.generations.count() == 1


def test_bad_years_get_a_french_message(client, organisation, lead):
    client.force_login(lead)
    for year, message in [
        ("deux mille", "Saisissez une année en chiffres"),
        ("1999", "L&#x27;année doit être comprise entre 2000 et"),
        (str(dt.date.today().year + 1), "L&#x27;année doit être comprise entre 2000 et"),
    ]:
        response = client.post(_url("create"), {"year": year})
        assert response.status_code == 400
        assert message in response.content.decode()
    create_review(organisation, 2024)
    response = client.post(_url("create"), {"year": "2024"})
    assert "Le bilan 2024 existe déjà" in response.content.decode()
    assert AnnualReview.objects.count() == 1


def test_another_organisation_and_other_roles_are_refused(
    client, organisation, other_organisation, lead
):
    review = create_review(organisation, 2024)
    generation = ReviewGeneration.objects.create(review=review, status="done")
    outsider = MembershipFactory(organisation=other_organisation, role=Role.QUALITY_LEAD).user
    client.force_login(outsider)
    assert client.get(_url("detail", year=2024)).status_code == 403
    assert (
        client.get(_url("download", year=2024, pk=generation.pk, file_format="pdf")).status_code
        == 403
    )
    # Under its own code, the other organisation has no such review.
    other = reverse(
        "review:download",
        kwargs={
            "org_code": other_organisation.code,
            "year": 2024,
            "pk": generation.pk,
            "file_format": "pdf",
        },
    )
    assert client.get(other).status_code == 404
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    client.force_login(viewer)
    assert client.get(_url("detail", year=2024)).status_code == 200
    assert client.post(_url("create"), {"year": "2023"}).status_code == 403
    assert client.post(_url("save", year=2024), {"generate": "1"}).status_code == 403


def test_the_command_writes_a_pdf_or_a_docx(organisation, tmp_path):
    FeedbackFactory(organisation=organisation, received_on=dt.date(2024, 3, 4))
    review = create_review(organisation, 2024)
    review.foreword = "Avant-propos du bilan."
    review.save()
    call_command(
        "annual_review", "pref-74", "2024", output=str(tmp_path / "b.pdf"), stdout=StringIO()
    )
    assert "Avant-propos du bilan." in pdf_text((tmp_path / "b.pdf").read_bytes())
    call_command(
        "annual_review", "pref-74", "2024", output=str(tmp_path / "b.docx"), stdout=StringIO()
    )
    assert "1 réclamation" in docx_text((tmp_path / "b.docx").read_bytes())


@pytest.mark.parametrize(
    ("org_code", "year", "output", "message"),
    [
        ("pref-99", "2024", "b.pdf", "Aucune organisation ne porte le code « pref-99 »"),
        ("pref-74", "20x4", "b.pdf", "Année invalide « 20x4 »"),
        ("pref-74", "1990", "b.pdf", "L'année doit être comprise entre 2000"),
        ("pref-74", "2024", "b.txt", "Extension « .txt » non prise en charge"),
    ],
)
def test_the_command_refuses_bad_input_in_french(
    organisation, tmp_path, org_code, year, output, message
):
    with pytest.raises(CommandError, match=message):
        call_command("annual_review", org_code, year, output=str(tmp_path / output))
    assert not (tmp_path / output).exists()
