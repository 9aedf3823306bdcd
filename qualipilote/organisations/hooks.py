"""How the apps above this one learn that a person is leaving an organisation, without being
imported here.

A member leaves when a quality lead suspends or removes them (services.suspend_member and
services.remove_member, the one place where it happens, whatever the path: page, admin,
command). An app that holds work attached to people (the registers' assignees…) subscribes once,
from its AppConfig.ready:

- `subscribe_member_leaving(callback)`: `callback(membership, by=user, removed=bool)` runs inside
  the transaction of the suspension or removal, before it is written and while the
  organisation is locked; raising django.core.exceptions.ValidationError refuses the whole
  action with that French message (nothing is saved);
- `subscribe_departure_summary(callback)`: `callback(membership)` returns a list of
  `DepartureItem` (a French sentence and, optionally, the address of the page that hands the
  work over) shown on the confirmation page before a suspension or removal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DepartureItem:
    text: str  # "12 dossiers ouverts lui sont attribués."
    url: str = ""  # where to reassign them
    link_text: str = ""  # "Les réattribuer"


MemberLeaving = Callable[..., None]
DepartureSummary = Callable[[object], list[DepartureItem]]

_leaving_subscribers: list[MemberLeaving] = []
_summary_subscribers: list[DepartureSummary] = []


def subscribe_member_leaving(callback: MemberLeaving) -> None:
    if callback not in _leaving_subscribers:
        _leaving_subscribers.append(callback)


def subscribe_departure_summary(callback: DepartureSummary) -> None:
    if callback not in _summary_subscribers:
        _summary_subscribers.append(callback)


def announce_member_leaving(membership, *, by, removed: bool) -> None:
    for callback in _leaving_subscribers:
        callback(membership, by=by, removed=removed)


def departure_summary(membership) -> list[DepartureItem]:
    return [item for callback in _summary_subscribers for item in callback(membership)]
