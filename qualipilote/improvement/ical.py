"""The organisation's milestones as an iCalendar feed (RFC 5545, with the icalendar library):
one all-day VEVENT per item, its UID stable across fetches so that calendar apps update it in
place."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone

from .milestones import Item


def feed(organisation, items: list[Item], absolute) -> bytes:
    """`absolute(path)` turns an item's address into a full URL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Qualipilote//Jalons//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Jalons qualité — {organisation.name}")
    stamp = timezone.now().astimezone(dt.UTC)
    for item in items:
        event = icalendar.Event()
        event.add("uid", f"{item.uid}.{organisation.code}@qualipilote")
        event.add("dtstamp", stamp)
        event.add("summary", f"{item.category} : {item.title}")
        event.add("dtstart", item.date)
        event.add("dtend", (item.end or item.date) + dt.timedelta(days=1))
        event.add("url", absolute(item.url))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
