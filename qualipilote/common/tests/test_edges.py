"""Every way in refuses control characters and keeps numbers within their columns: each form,
serializer and admin of the project derives from the shared bases (a new one that does not
fails here), and an address carrying a control character gets a French 400, never a 500."""

import html
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from rest_framework import serializers

import qualipilote
from qualipilote.api.serializers import CleanInputMixin as SerializerCleanInput
from qualipilote.common.forms import CleanInputMixin, CleanInputModelForm, Form
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.tests.factories import UserFactory


def _import_the_whole_project():
    for module in pkgutil.walk_packages(qualipilote.__path__, "qualipilote."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)


def project_subclasses(base) -> list[type]:
    _import_the_whole_project()
    found, stack = [], [base]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            module = subclass.__module__
            if module.startswith("qualipilote.") and ".tests" not in module:
                found.append(subclass)
    return found


def test_every_form_of_the_project_refuses_control_characters():
    project_forms = project_subclasses(forms.BaseForm)
    assert len(project_forms) > 20  # the walk found them
    assert [form for form in project_forms if not issubclass(form, CleanInputMixin)] == []


def test_every_serializer_of_the_project_refuses_control_characters():
    project_serializers = project_subclasses(serializers.BaseSerializer)
    assert len(project_serializers) > 10
    assert [s for s in project_serializers if not issubclass(s, SerializerCleanInput)] == []


def test_every_admin_form_refuses_control_characters():
    checked, unchecked = 0, []
    for model, model_admin in admin.site._registry.items():
        app = model._meta.app_config.name
        if not (app.startswith("qualipilote.") or app == "django.contrib.auth"):
            continue  # third-party admins (none editable today) are their library's
        form_classes = [
            getattr(model_admin, name)
            for name in ("form", "add_form", "change_password_form")
            if hasattr(model_admin, name)
        ] + [inline.form for inline in model_admin.inlines]
        for form_class in form_classes:
            checked += 1
            if not issubclass(form_class, CleanInputMixin):
                unchecked.append((model.__name__, form_class))
    assert checked > 15
    assert unchecked == []


# --- Forms --------------------------------------------------------------------------------------


class ExampleForm(Form):
    text = forms.CharField(label="Objet")
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations", queryset=Organisation.objects.all(), to_field_name="code"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"text": "a\x0bb"},
            "text",
            "« Objet » contient un caractère de contrôle invisible (U+000B)",
        ),
        # Looked up by code in the database while cleaning: PostgreSQL answered 500.
        ({"organisations": ["pref-74", "\x00"]}, "organisations", "« Organisations » contient"),
    ],
)
def test_a_form_names_the_field_and_does_not_clean_it(organisation, data, field, message):
    form = ExampleForm({"text": "Objet", "organisations": ["pref-74"], **data})

    assert not form.is_valid()
    # One message: the field's own cleaning (and its database lookup) did not run.
    assert len(form.errors[field]) == 1
    assert form.errors[field][0].startswith(message)
    assert field not in form.cleaned_data


def test_tab_and_line_breaks_are_ordinary_text(db):
    form = ExampleForm({"text": "a\tb\r\nc", "organisations": []})
    form.is_valid()
    assert "text" not in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "valid"), [("32767", True), ("32768", False), ("-1", False)])
def test_a_model_form_keeps_integers_within_their_column_on_every_database(value, valid):
    # A PositiveSmallIntegerField: SQLite would keep 40000, PostgreSQL refuses it with a 500
    # when the data moves there; both databases now get the same bound.
    form_class = forms.modelform_factory(
        Organisation, form=CleanInputModelForm, fields=["personal_data_retention_months"]
    )

    form = form_class({"personal_data_retention_months": value})

    assert form.is_valid() is valid, form.errors


@pytest.mark.django_db
def test_the_login_form_refuses_a_nul_byte_in_the_identifier(client):
    response = client.post("/comptes/connexion/", {"username": "agent\x00", "password": "x"})

    assert response.status_code == 200
    assert "« Identifiant » contient un caractère de contrôle" in html.unescape(
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_admin_refuses_a_control_character(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post("/admin/auth/group/add/", {"name": "Agents\x0b"})

    assert response.status_code == 200
    assert "« Nom » contient un caractère de contrôle" in html.unescape(response.content.decode())
    assert not Group.objects.exists()


# --- Addresses ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/referentiels/quali-ate/%00/",  # a path segment looked up in the database
        "/admin/organisations/organisation/?kind=%00",  # an admin filter
        "/referentiels/?q=%0B",
        "/referentiels/?%00=1",
    ],
)
def test_an_address_with_a_control_character_gets_a_french_400(client, address):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(address)

    assert response.status_code == 400
    assert "contient un caractère de contrôle invisible" in html.unescape(response.content.decode())
