"""Self-assessment pages: who may write, isolation of evidence, errors next to the field."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualipilote.assessments import services
from qualipilote.assessments.models import Evidence, SelfAssessment
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UserFactory

from .factories import PDF_BYTES, labelled_framework, pdf_upload


def url(name, org="pref-74", **kwargs):
    return reverse(f"assessments:{name}", kwargs={"org_code": org, **kwargs})


def read_and_close(response) -> bytes:
    """The body of a response. A download is streamed: reading it to the end lets the test
    client close the file (response.close() would also close the database connection)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def assessed(organisation, commitment):
    """Commitment 1 assessed, with a file and a link."""
    user = UserFactory()
    services.record_self_assessment(organisation, commitment, status="met", user=user)
    services.add_file_evidence(organisation, commitment, file=pdf_upload(), user=user)
    services.add_link_evidence(organisation, commitment, url="https://exemple.gouv.fr", user=user)
    return SelfAssessment.objects.get()


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.QUALITY_CORRESPONDENT])
def test_assessing_roles_record_a_self_assessment_with_a_file(
    member_client, organisation, commitment, role
):
    client = member_client(role)
    response = client.post(
        url("assess", pk=commitment.pk),
        {"status": "partly_met", "comment": "Affichage à compléter", "file": pdf_upload()},
    )
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get()
    assert (assessment.status, assessment.assessed_by) == ("partly_met", client.membership.user)
    assert assessment.evidence.get().filename == "preuve.pdf"


def test_not_applicable_without_reason_shows_the_error_next_to_the_field(
    quality_lead_client, commitment
):
    response = quality_lead_client.post(
        url("assess", pk=commitment.pk), {"status": "not_applicable"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_not_applicable_reason-desc-error"' in html
    assert re.search(r'<textarea name="not_applicable_reason"[^>]* autofocus', html)
    assert "Indiquez le motif de non-application" in html
    assert not SelfAssessment.objects.exists()


def test_a_forbidden_file_is_refused_next_to_the_file_field(quality_lead_client, commitment):
    response = quality_lead_client.post(
        url("assess", pk=commitment.pk),
        {"status": "met", "file": SimpleUploadedFile("rapport.pdf", b"<html>hello</html>")},
    )
    html = response.content.decode()
    assert 'id="id_file-desc-error"' in html
    assert "Ce type de fichier n&#x27;est pas accepté" in html
    assert not SelfAssessment.objects.exists()


def test_a_link_that_is_not_http_is_refused_in_the_link_form(
    quality_lead_client, commitment, assessed
):
    response = quality_lead_client.post(
        url("add_link", pk=commitment.pk), {"lien-url": "javascript:alert(1)"}
    )
    assert "commençant par http:// ou https://" in response.content.decode()
    assert Evidence.objects.count() == 2


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.VIEWER, Role.DIRECTOR, Role.AGENT])
def test_reading_roles_read_everything_and_write_nothing(
    member_client, organisation, commitment, assessed, role
):
    client = member_client(role)
    evidence = assessed.evidence.get(kind="file")
    for name, kwargs in [
        ("overview", {}),
        ("module", {"pk": commitment.module_id}),
        ("commitment", {"pk": commitment.pk}),
        ("download", {"pk": evidence.pk}),
        ("export", {}),
    ]:
        response = client.get(url(name, **kwargs))
        read_and_close(response)
        assert response.status_code == 200, name
    page = client.get(url("commitment", pk=commitment.pk)).content.decode()
    assert "Enregistrer l&#x27;auto-diagnostic" not in page
    assert "Retirer" not in page

    writes = [
        ("assess", {"pk": commitment.pk}, {"status": "not_met"}),
        ("add_file", {"pk": commitment.pk}, {"fichier-file": pdf_upload()}),
        ("add_link", {"pk": commitment.pk}, {"lien-url": "https://exemple.gouv.fr/autre"}),
        ("remove", {"pk": evidence.pk}, {}),
    ]
    for name, kwargs, data in writes:
        assert client.post(url(name, **kwargs), data).status_code == 403, name
    assessed.refresh_from_db()
    assert assessed.status == "met"
    assert Evidence.objects.count() == 2


def test_the_quality_lead_adds_and_removes_evidence(quality_lead_client, commitment, assessed):
    client = quality_lead_client
    response = client.post(
        url("add_file", pk=commitment.pk),
        {"fichier-file": pdf_upload("bilan.pdf"), "fichier-title": "Bilan 2019"},
    )
    assert response.status_code == 302
    added = Evidence.objects.get(title="Bilan 2019")
    assert client.post(url("remove", pk=added.pk)).status_code == 302
    assert not Evidence.objects.filter(pk=added.pk).exists()


def test_evidence_is_downloaded_through_the_organisation_view(member_client, commitment, assessed):
    evidence = assessed.evidence.get(kind="file")
    response = member_client(Role.VIEWER).get(url("download", pk=evidence.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="preuve.pdf"'
    assert read_and_close(response) == PDF_BYTES
    # The page links to the view, never to the storage's URL.
    page = member_client(Role.VIEWER).get(url("commitment", pk=commitment.pk)).content.decode()
    assert url("download", pk=evidence.pk) in page
    assert evidence.file.name not in page


def test_another_organisations_evidence_cannot_be_downloaded(
    member_client, organisation, other_organisation, assessed
):
    evidence = assessed.evidence.get(kind="file")
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    # Through the other organisation's URL: the evidence is not one of its own.
    assert outsider.get(url("download", org="pref-73", pk=evidence.pk)).status_code == 404
    # Through the owner's URL: not a member.
    assert outsider.get(url("download", pk=evidence.pk)).status_code == 403
    assert outsider.post(url("remove", org="pref-73", pk=evidence.pk)).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_commitment_outside_the_scope_has_no_page(quality_lead_client, framework, scope):
    module_2_commitment = framework.commitments[5]
    assert quality_lead_client.get(url("commitment", pk=module_2_commitment.pk)).status_code == 404
    response = quality_lead_client.post(url("assess", pk=module_2_commitment.pk), {"status": "met"})
    assert response.status_code == 404


def test_the_commitment_page_shows_guidance_sub_criteria_and_history(
    member_client, commitment, assessed
):
    from qualipilote.frameworks.tests.factories import SubCriterionFactory

    SubCriterionFactory(commitment=commitment, code="1.1", title="L'information est disponible")
    commitment.evidence_guidance = "Captures d'écran de la page des horaires."
    commitment.save()
    html = member_client(Role.AUDITOR).get(url("commitment", pk=commitment.pk)).content.decode()
    assert "L&#x27;information est disponible" in html
    assert "Captures d&#x27;écran de la page des horaires." in html
    assert "Appréciation : — → Atteint" in html
    assert "Preuve ajoutée : preuve.pdf" in html
    framework_page = reverse(
        "frameworks:commitment",
        kwargs={"framework_code": "qual-e-pref", "version": "2019", "number": 1},
    )
    assert f'href="{framework_page}"' in html


def test_changing_the_version_keeps_the_old_self_assessments_as_previous_version(
    member_client, organisation, framework, assessed
):
    newer = labelled_framework(code="quali-ate", name="Quali-ATE", number="2024")
    set_scope(organisation, version=newer.version, modules=[newer.modules[1], newer.modules[7]])

    assert SelfAssessment.objects.filter(pk=assessed.pk).exists()
    client = member_client(Role.QUALITY_LEAD)
    overview = client.get(url("overview")).content.decode()
    assert "Version précédente" in overview
    assert "1 auto-diagnostic porte sur des engagements d'une version précédente" in overview
    old_page = client.get(url("commitment", pk=assessed.commitment_id)).content.decode()
    assert "Version précédente" in old_page
    assert "Enregistrer l&#x27;auto-diagnostic" not in old_page
    listing = client.get(url("out_of_scope")).content.decode()
    assert "Engagement n° 1" in listing


def test_the_home_page_shows_the_scope_progress(member_client, organisation, assessed):
    html = (
        member_client(Role.DIRECTOR)
        .get(reverse("organisations:home", kwargs={"org_code": "pref-74"}))
        .content.decode()
    )
    assert "1 engagement évalué sur 6 (16 %)" in html


def test_pages_render_every_template_variable(quality_lead_client, commitment, assessed):
    pages = [
        url("overview"),
        url("module", pk=commitment.module_id),
        url("commitment", pk=commitment.pk),
        url("out_of_scope"),
        reverse("scope:detail", kwargs={"org_code": "pref-74"}),
        reverse("scope:edit", kwargs={"org_code": "pref-74"}),
        reverse("scope:history", kwargs={"org_code": "pref-74"}),
    ]
    for page in pages:
        html = quality_lead_client.get(page).content.decode()
        # request.csp_nonce is read by django-dsfr's base template, whatever the page.
        invalid = set(re.findall(r"INVALID_TEMPLATE_VARIABLE\(([^)]*)\)", html))
        assert invalid <= {"request.csp_nonce"}, (page, invalid)
    # Errors re-render the forms with their values.
    response = quality_lead_client.post(url("assess", pk=commitment.pk), {"status": "x"})
    assert "INVALID_TEMPLATE_VARIABLE(field" not in response.content.decode()


def test_no_url_serves_the_media_folder_even_in_debug(settings):
    """Evidence must never be reachable without the membership check of the download view."""
    import importlib

    import qualipilote.urls as root

    settings.DEBUG = True
    try:
        patterns = importlib.reload(root).urlpatterns
        media = settings.MEDIA_URL.strip("/")
        assert not [p for p in patterns if str(p.pattern).lstrip("^").startswith(media)]
    finally:
        settings.DEBUG = False
        importlib.reload(root)


def test_the_first_assessment_may_bring_evidence_then_the_page_offers_one_upload(
    quality_lead_client, commitment
):
    first = quality_lead_client.get(url("commitment", pk=commitment.pk)).content.decode()
    assert first.count('type="file"') == 1  # in the assessment form: there is no evidence form yet
    services.record_self_assessment(
        quality_lead_client.membership.organisation,
        commitment,
        status="met",
        user=quality_lead_client.membership.user,
    )
    again = quality_lead_client.get(url("commitment", pk=commitment.pk)).content.decode()
    assert again.count('type="file"') == 1  # the « Ajouter un fichier » form only
    assert 'name="fichier-file"' in again and 'name="file"' not in again


def test_the_reason_required_in_one_case_is_not_marked_optional(quality_lead_client, commitment):
    page = quality_lead_client.get(url("commitment", pk=commitment.pk)).content.decode()
    label = re.search(r'<label for="id_not_applicable_reason"[^>]*>(.*?)</label>', page, re.S)[1]
    assert "facultatif" not in label and "Optionnel" not in label
    assert "Obligatoire si l'engagement est jugé non applicable." in label
    comment = re.search(r'<label for="id_comment"[^>]*>(.*?)</label>', page, re.S)[1]
    assert "Commentaire (facultatif)" in comment
    assert "Sauf mention contraire, tous les champs sont obligatoires." in page


def test_evidence_can_carry_an_expiry_date_shown_once_passed(
    quality_lead_client, commitment, assessed
):
    quality_lead_client.post(
        url("add_link", pk=commitment.pk),
        {
            "lien-url": "https://intranet.example.gouv.fr/convention",
            "lien-title": "Convention avec La Poste",
            "lien-expires_on": "2020-12-31",
        },
    )
    evidence = Evidence.objects.get(title="Convention avec La Poste")
    assert str(evidence.expires_on) == "2020-12-31"
    page = quality_lead_client.get(url("commitment", pk=commitment.pk)).content.decode()
    assert "valable jusqu'au 31/12/2020" in page and "Expirée" in page
