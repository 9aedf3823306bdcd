"""Progress per module and for the whole scope, against hand-counted entries."""

import io

import openpyxl
import pytest
from django.urls import reverse

from qualipilote.assessments import services
from qualipilote.assessments.progress import Progress, module_progress, scope_progress
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UserFactory

from .factories import pdf_upload


@pytest.fixture
def entries(organisation, other_organisation, framework, scope):
    """Module 1 (1–4): met, partly met, not applicable, not assessed.
    Module 7 (47, 48): not met, not assessed. The other organisation rated everything "met"."""
    user = UserFactory(first_name="Claire", last_name="Martin")
    c = framework.commitments
    rate = services.record_self_assessment
    rate(organisation, c[1], status="met", comment="Horaires affichés", user=user)
    rate(organisation, c[2], status="partly_met", user=user)
    rate(organisation, c[3], status="not_applicable", not_applicable_reason="Pas de SVI", user=user)
    rate(organisation, c[47], status="not_met", user=user)
    services.add_file_evidence(organisation, c[1], file=pdf_upload("charte.pdf"), user=user)
    services.add_link_evidence(
        organisation, c[1], url="https://exemple.gouv.fr/horaires", title="Horaires", user=user
    )
    set_scope(other_organisation, version=framework.version, modules=framework.modules.values())
    for commitment in c.values():
        rate(other_organisation, commitment, status="met", user=user)
    return user


def test_progress_per_module_counts_each_status(organisation, framework, entries):
    per_module = dict(module_progress(organisation))
    assert per_module[framework.modules[1]] == Progress(
        total=4, met=1, partly_met=1, not_met=0, not_applicable=1
    )
    assert per_module[framework.modules[7]] == Progress(total=2, not_met=1)
    assert framework.modules[2] not in per_module  # not in the scope


def test_progress_of_the_whole_scope_and_percentages(organisation, entries):
    per_module = module_progress(organisation)
    total = scope_progress(per_module)
    assert (total.total, total.assessed, total.not_assessed) == (6, 4, 2)
    assert total.percent_assessed == 66  # 4 / 6, rounded down
    assert [progress.percent_assessed for _module, progress in per_module] == [75, 50]


def test_progress_is_counted_by_one_aggregate_query(
    organisation, entries, django_assert_num_queries
):
    # One aggregate over the commitments, one to read the modules' titles.
    with django_assert_num_queries(2):
        module_progress(organisation)


def test_a_module_without_assessment_is_at_zero_and_no_scope_means_no_module(
    organisation, other_organisation, framework, scope
):
    assert [p for _m, p in module_progress(organisation)] == [
        Progress(total=4),
        Progress(total=2),
    ]
    assert module_progress(other_organisation) == []
    assert scope_progress([]).percent_assessed == 0


def test_the_overview_and_module_pages_show_the_figures(member_client, framework, entries):
    client = member_client(Role.DIRECTOR)
    overview = client.get(reverse("assessments:overview", kwargs={"org_code": "pref-74"}))
    html = overview.content.decode()
    assert "66 %</span> évalués — 4 engagements sur 6" in html
    assert "<strong>75 %</strong>" in html and "<strong>50 %</strong>" in html
    module_page = client.get(
        reverse("assessments:module", kwargs={"org_code": "pref-74", "pk": framework.modules[1].pk})
    ).content.decode()
    assert "75 %</span> évalués — 3 engagements sur 4" in module_page
    assert "Non évalué : 1" in module_page


def test_the_xlsx_export_has_one_row_per_commitment_in_scope(member_client, entries):
    response = member_client(Role.AUDITOR).get(
        reverse("assessments:export", kwargs={"org_code": "pref-74"})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="auto-diagnostic-pref-74-'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Module",
        "Numéro",
        "Engagement",
        "Appréciation",
        "Motif de non-application",
        "Commentaire",
        "Preuves",
        "Évalué par",
        "Évalué le",
    )
    assert [row[1] for row in rows[1:]] == [1, 2, 3, 4, 47, 48]
    first = rows[1]
    assert first[0] == "1 — Relation générale avec les usagers"
    assert first[3:8] == (
        "Atteint",
        None,
        "Horaires affichés",
        "charte.pdf ; Horaires (https://exemple.gouv.fr/horaires)",
        "Claire Martin",
    )
    assert first[8] is not None
    assert rows[3][3:5] == ("Non applicable", "Pas de SVI")
    assert rows[4][3] == "Non évalué" and rows[4][8] is None
