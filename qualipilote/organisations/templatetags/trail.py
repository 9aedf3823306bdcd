"""`{% trail_url record %}`: the address of a record's history page (organisations.trail)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def trail_url(record, organisation):
    return reverse(
        "trail:record",
        kwargs={
            "org_code": organisation.code,
            "key": record._meta.label_lower,
            "pk": record.pk,
        },
    )
