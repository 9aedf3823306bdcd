from django import template

from ..models import format_value
from ..periods import format_month, month_label, short_month_label

register = template.Library()

STATUS_BADGES = {
    "met": "fr-badge--success",
    "not_met": "fr-badge--error",
    "no_data": "fr-badge--info",
    "no_target": "",
}


@register.filter
def indicator_value(value, unit):
    """93,32 % / 4,11 j / 223 / "Pas de données"."""
    return format_value(value, unit)


@register.filter
def month_name(month):
    return month_label(month)


@register.filter
def short_month(month):
    return short_month_label(month)


@register.filter
def iso_month(month):
    return format_month(month)


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "")
