"""What every ModelAdmin of the project shares.

The admin's forms refuse control characters and keep integers within their columns like every
other form (common/forms.py): each ModelAdmin and inline of the project derives from
`CleanInputAdmin`, and common/tests/test_edges.py fails on one that does not.

Why a base form rather than a validator on every text field of every model: the forms and the
API serializers of the project are mostly not ModelForms or ModelSerializers (the public
feedback form, filters, the figures API), so they need their own base class whatever the models
do; model validators would then be a second copy of the rule, repeated on some sixty fields,
with a migration in every app for each change. One form class here covers the admin at the
cost of one word per ModelAdmin.
"""

from __future__ import annotations

from .forms import CleanInputModelForm


class CleanInputAdmin:
    """Mix in first: `class FooAdmin(CleanInputAdmin, admin.ModelAdmin)` (or an inline)."""

    form = CleanInputModelForm
