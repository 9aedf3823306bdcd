"""How the registers tell the apps that read them that records changed, without importing them.

Dependencies point one way: indicators read registers, never the reverse. An app computed from
the registers subscribes once, from its AppConfig.ready, with `subscribe_records_changed`; every
path that writes records (a save, a bulk import, a recompute of deadlines) calls
`announce_records_changed` inside its transaction, with the dates of receipt it touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

RecordsChanged = Callable[[object, Iterable[dt.date]], None]

_subscribers: list[RecordsChanged] = []


def subscribe_records_changed(callback: RecordsChanged) -> None:
    """Registers `callback(organisation, dates_of_receipt)`; registering twice is harmless."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def announce_records_changed(organisation, days: Iterable[dt.date | None]) -> None:
    """Records of `organisation` received on `days` were created, changed or moved."""
    known = {day for day in days if day}
    if not known:
        return
    for callback in _subscribers:
        callback(organisation, known)
