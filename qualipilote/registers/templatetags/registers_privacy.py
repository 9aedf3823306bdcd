"""Template side of the contact-details rule (organisations.permissions.can_see_contact_details)."""

from django import template

from qualipilote.organisations.permissions import can_see_contact_details

register = template.Library()


@register.filter
def contact_details_visible_to(record, membership) -> bool:
    """{% if record|contact_details_visible_to:membership %}: the one rule, asked by a page."""
    return can_see_contact_details(membership, record)
