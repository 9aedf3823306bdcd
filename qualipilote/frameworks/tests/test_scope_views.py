"""Labelling-scope pages: everyone of the organisation reads, only the quality lead edits."""

import pytest
from django.urls import reverse

from qualipilote.assessments.tests.factories import labelled_framework
from qualipilote.frameworks.models import LabellingScope
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import SiteFactory, UnitFactory


@pytest.fixture
def framework(db):
    return labelled_framework()


def url(name, org="pref-74"):
    return reverse(f"scope:{name}", kwargs={"org_code": org})


def post_data(framework, modules=(1, 7), **extra):
    return {
        "version": framework.version.pk,
        "modules": [framework.modules[n].pk for n in modules],
        "channels": ["in_person", "phone"],
        **extra,
    }


def test_the_quality_lead_sets_the_scope_from_the_form(member_client, organisation, framework):
    client = member_client(Role.QUALITY_LEAD)
    unit = UnitFactory(organisation=organisation, name="Bureau de l'asile", headcount=7)
    site = SiteFactory(organisation=organisation, name="Hall « Immigration »")
    page = client.get(url("edit"))
    assert page.status_code == 200
    assert "Bureau de l&#x27;asile" in page.content.decode()

    response = client.post(url("edit"), post_data(framework, units=[unit.pk], sites=[site.pk]))

    assert response.status_code == 302
    scope = LabellingScope.objects.get(organisation=organisation)
    assert scope.updated_by == client.membership.user
    assert (list(scope.units.all()), list(scope.sites.all())) == ([unit], [site])
    assert scope.channels == ["in_person", "phone"]


def test_the_form_shows_the_mandatory_module_error_next_to_the_modules(
    member_client, organisation, framework
):
    response = member_client(Role.QUALITY_LEAD).post(url("edit"), post_data(framework, (2, 7)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "est obligatoire : il ne peut pas être retiré du périmètre." in html
    assert 'id="id_modules-desc-error"' in html
    assert 'id="id_modules_0" autofocus' in html  # the keyboard starts on the field in error
    assert not LabellingScope.objects.exists()


@pytest.mark.parametrize(
    "role",
    [Role.QUALITY_CORRESPONDENT, Role.AGENT, Role.DIRECTOR, Role.AUDITOR, Role.VIEWER],
)
def test_other_roles_read_the_scope_but_cannot_change_it(
    member_client, organisation, framework, role
):
    set_scope(organisation, version=framework.version, modules=framework.modules.values())
    client = member_client(role)
    detail = client.get(url("detail"))
    assert detail.status_code == 200
    assert "Relation générale avec les usagers" in detail.content.decode()
    assert "Modifier le périmètre" not in detail.content.decode()
    assert client.get(url("history")).status_code == 200
    assert client.get(url("edit")).status_code == 403
    assert client.post(url("edit"), post_data(framework)).status_code == 403
    assert LabellingScope.objects.get().modules.count() == 3


def test_the_detail_page_marks_chosen_modules_units_and_channels(
    member_client, organisation, framework
):
    asylum = UnitFactory(organisation=organisation, name="Bureau de l'asile", headcount=7)
    UnitFactory(organisation=organisation, name="Bureau du contentieux", headcount=3)
    set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
        units=[asylum],
        channels=["social"],
    )
    html = member_client(Role.VIEWER).get(url("detail")).content.decode()
    assert "Unités concernées (7 agents)" in html
    assert "<strong>Bureau de l&#x27;asile</strong>" in html
    assert "Réseaux sociaux" in html and "Téléphone" not in html
    assert html.count("Retenu</p>") == 2


def test_the_history_page_says_who_changed_the_scope(member_client, organisation, framework):
    client = member_client(Role.QUALITY_LEAD)
    client.post(url("edit"), post_data(framework))
    client.post(url("edit"), post_data(framework, modules=(1, 2, 7)))
    html = client.get(url("history")).content.decode()
    user = client.membership.user
    assert html.count(str(user)) >= 2
    assert "ajout : 2 — Délivrance de titres" in html


def test_choosing_another_version_lists_its_modules(member_client, organisation, framework):
    other = labelled_framework(code="quali-ate", name="Quali-ATE", number="2024")
    set_scope(organisation, version=framework.version, modules=framework.modules.values())
    page = member_client(Role.QUALITY_LEAD).get(url("edit"), {"version": other.version.pk})
    html = page.content.decode()
    assert f'name="version" value="{other.version.pk}"' in html
    assert "Vous changez de référentiel" in html


def test_a_member_of_another_organisation_cannot_read_the_scope(
    member_client, organisation, other_organisation, framework
):
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert client.get(url("detail")).status_code == 403
    assert client.post(url("edit"), post_data(framework)).status_code == 403


def test_the_scope_page_says_which_module_titles_are_not_confirmed(
    member_client, organisation, framework
):
    framework.modules[2].title_status = "presumed"
    framework.modules[2].save()
    set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
        units=[],
        sites=[],
        channels=[],
        user=None,
    )

    content = member_client(Role.VIEWER).get(url("detail")).content.decode()

    assert content.count("Intitulé à confirmer") == 1
    assert "Délivrance de titres" in content
