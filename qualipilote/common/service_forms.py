"""A form page whose saving is a domain service: shared by the apps that create records through
one form each (training, eco-responsibility), so the rule stays in the service and the page only
shows its French messages on the fields."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def add_service_errors(form, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: on its field when the form has it, above the
    form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, field_errors)


def service_form_page(request, form, *, title: str, save, success: str, back: str, anchor=""):
    """Shows `form`; on a valid POST calls `save(cleaned_data)` (a service) and goes back to
    `back` with `success`, or shows the service's French messages on the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(back + anchor)
    return render(
        request, "common/service_form.html", {"page_title": title, "form": form, "back": back}
    )
