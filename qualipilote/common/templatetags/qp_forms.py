"""How a form field's label says it may be left empty, following the DSFR's form guidance:
the form says once « Sauf mention contraire, tous les champs sont obligatoires. » and each
optional field says « (facultatif) ». Nothing is marked on:

- a single checkbox: unticked is an answer, not a missing one;
- the fields of a filter or search form (the form's `marks_optional = False`): all are optional;
- a field required only in some cases (listed in the form's `conditionally_required`): its hint
  says when (« Obligatoire si l'engagement est jugé non applicable »)."""

from django import forms, template

register = template.Library()

OPTIONAL = "facultatif"


def marks_optional(bound_field) -> bool:
    form, field = bound_field.form, bound_field.field
    if field.required or not getattr(form, "marks_optional", True):
        return False
    if isinstance(field.widget, forms.CheckboxInput):
        return False
    return bound_field.name not in getattr(form, "conditionally_required", ())


@register.simple_tag
def qp_optional_mark(bound_field) -> str:
    return f" ({OPTIONAL})" if marks_optional(bound_field) else ""


@register.filter
def qp_says_required_by_default(form) -> bool:
    """True when the form mixes required and optional fields: it then says so once, on top."""
    visible = [field for field in form if not field.is_hidden]
    return any(field.field.required for field in visible) and any(
        marks_optional(field) for field in visible
    )
