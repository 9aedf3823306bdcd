"""The labelling-scope rules of set_scope and its history."""

import pytest
from django.core.exceptions import ValidationError

from qualipilote.assessments.tests.factories import labelled_framework
from qualipilote.frameworks.models import LabellingScope
from qualipilote.frameworks.scope import commitments_in_scope, scope_history, set_scope
from qualipilote.organisations.tests.factories import SiteFactory, UnitFactory, UserFactory


@pytest.fixture
def framework(db):
    return labelled_framework()


@pytest.fixture
def lead(db):
    return UserFactory(first_name="Claire", last_name="Martin")


def scope_with(organisation, framework, modules=(1, 7), **kwargs):
    values = {
        "version": framework.version,
        "modules": [framework.modules[n] for n in modules],
        "units": [],
        "sites": [],
        "channels": [],
        "user": None,
        **kwargs,
    }
    return set_scope(organisation, **values)


def refusal(callable_, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        callable_(*args, **kwargs)
    return excinfo.value.message_dict


def test_a_scope_records_version_modules_units_sites_and_channels(organisation, framework, lead):
    unit, site = UnitFactory(organisation=organisation), SiteFactory(organisation=organisation)
    scope = scope_with(
        organisation,
        framework,
        units=[unit],
        sites=[site],
        channels=["email", "in_person", "email"],
        user=lead,
    )
    assert scope.version == framework.version
    assert set(scope.modules.values_list("number", flat=True)) == {1, 7}
    assert (list(scope.units.all()), list(scope.sites.all())) == ([unit], [site])
    assert scope.channels == ["in_person", "email"]  # Channel order, without duplicates
    assert scope.updated_by == lead
    assert sorted(commitments_in_scope(organisation).values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
        47,
        48,
    ]


def test_a_scope_without_the_mandatory_module_is_refused(organisation, framework):
    errors = refusal(scope_with, organisation, framework, modules=(2, 7))
    assert errors["modules"] == [
        "Le module 1 « Relation générale avec les usagers » est obligatoire : "
        "il ne peut pas être retiré du périmètre."
    ]
    assert not LabellingScope.objects.exists()


def test_a_scope_with_fewer_modules_than_the_label_needs_is_refused(organisation, framework):
    errors = refusal(scope_with, organisation, framework, modules=(1,))
    assert errors["modules"] == ["Un label Qual-e-pref 2019 demande au moins 2 modules : 1 choisi."]


def test_a_module_of_another_version_is_refused(organisation, framework):
    other = labelled_framework(code="quali-ate", name="Quali-ATE", number="2024")
    errors = refusal(
        set_scope,
        organisation,
        version=framework.version,
        modules=[framework.modules[1], other.modules[7]],
    )
    assert errors["modules"] == [
        "Le module 7 « Communication d'urgence en cas d'événement majeur » n'appartient pas au "
        "référentiel Qual-e-pref 2019 : choisissez les modules de la version retenue."
    ]
    assert not LabellingScope.objects.exists()


def test_units_and_sites_of_another_organisation_are_refused(
    organisation, other_organisation, framework
):
    errors = refusal(
        scope_with,
        organisation,
        framework,
        units=[UnitFactory(organisation=other_organisation, name="Bureau savoyard")],
        sites=[SiteFactory(organisation=other_organisation, name="Hall de Chambéry")],
    )
    assert errors["units"] == [
        "L'unité « Bureau savoyard » n'appartient pas à la Préfecture de la Haute-Savoie."
    ]
    assert errors["sites"] == [
        "Le site « Hall de Chambéry » n'appartient pas à la Préfecture de la Haute-Savoie."
    ]


def test_an_unknown_channel_is_refused(organisation, framework):
    errors = refusal(scope_with, organisation, framework, channels=["email", "pigeon"])
    assert errors["channels"] == ["Le canal « pigeon » n'existe pas."]


def test_a_missing_version_is_refused(organisation, framework):
    errors = refusal(scope_with, organisation, framework, version=None)
    assert "version" in errors


def test_a_refused_change_leaves_the_scope_and_its_history_as_they_were(
    organisation, framework, lead
):
    scope = scope_with(organisation, framework, user=lead, channels=["email"])
    refusal(scope_with, organisation, framework, modules=(7, 2), channels=["phone"])
    scope.refresh_from_db()
    assert set(scope.modules.values_list("number", flat=True)) == {1, 7}
    assert scope.channels == ["email"]
    assert scope.history.count() == 1


def test_history_records_who_changed_what_one_entry_per_change(organisation, framework, lead):
    unit = UnitFactory(organisation=organisation, name="Bureau de l'accueil et du séjour")
    scope_with(organisation, framework, user=lead, channels=["email"])
    other = UserFactory(first_name="Julien", last_name="Bernard")
    scope = scope_with(
        organisation, framework, modules=(1, 2, 7), units=[unit], channels=["email"], user=other
    )

    assert scope.history.count() == 2
    newest, first = scope_history(scope)
    assert (first.version.history_type, first.version.history_user) == ("+", lead)
    assert ("Référentiel", "Qual-e-pref 2019") in first.changes
    assert (newest.version.history_type, newest.version.history_user) == ("~", other)
    assert newest.changes == [
        ("Modules", "ajout : 2 — Délivrance de titres"),
        ("Unités", "ajout : Bureau de l'accueil et du séjour"),
    ]


def test_history_lists_modules_removed(organisation, framework, lead):
    scope_with(organisation, framework, modules=(1, 2, 7), user=lead)
    scope = scope_with(organisation, framework, modules=(1, 7), user=lead)
    assert scope_history(scope)[0].changes == [("Modules", "retrait : 2 — Délivrance de titres")]
