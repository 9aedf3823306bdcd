"""Forms follow the DSFR's guidance: « Sauf mention contraire, tous les champs sont
obligatoires », optional fields say « (facultatif) », never on a single checkbox nor on a filter;
drop-downs open on « Sélectionner une option », never on « --------- »."""

import re

from django import forms
from django.template import Context, Template

from qualipilote.common.forms import Form


class EntryForm(Form):
    subject = forms.CharField(label="Objet")
    note = forms.CharField(label="Note", required=False)
    urgent = forms.BooleanField(label="Urgent", required=False)
    kind = forms.ChoiceField(label="Type", choices=[("", "---------"), ("a", "A")], required=False)


class FilterForm(EntryForm):
    marks_optional = False


def render(form) -> str:
    return Template("{{ form }}").render(Context({"form": form}))


def label(page: str, name: str) -> str:
    return re.sub(
        r"\s+", " ", re.search(rf'<label[^>]*for="id_{name}"[^>]*>(.*?)</label>', page, re.S)[1]
    ).strip()


def test_an_entry_form_says_once_that_fields_are_required_and_marks_the_optional_ones():
    page = render(EntryForm())
    assert page.count("Sauf mention contraire, tous les champs sont obligatoires.") == 1
    assert label(page, "subject") == "Objet"
    assert label(page, "note").startswith("Note (facultatif)")
    assert "facultatif" not in label(page, "urgent")
    assert "Optionnel" not in page and "optionnel" not in page


def test_a_filter_form_marks_nothing():
    page = render(FilterForm())
    assert "facultatif" not in page
    assert "Sauf mention contraire" not in page


def test_drop_downs_open_on_a_french_empty_choice():
    page = render(EntryForm())
    assert "---------" not in page
    assert '<option value="" selected>Sélectionner une option</option>' in page
