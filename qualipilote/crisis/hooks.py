"""How emergency communication tells the apps above it that something happened, without
importing them (the same pattern as registers/hooks.py).

The action plan app (built in parallel, above this one in the layers contract) subscribes from
its AppConfig.ready with `subscribe_lesson_item`: each RETEX item that did not work is announced
inside the transaction that records it; the subscriber creates the action and writes its
reference back with services.link_action(item, reference). Without a subscriber nothing happens
and the item waits, listed on the RETEX page as "pas encore d'action".
"""

from __future__ import annotations

from collections.abc import Callable

LessonItemRecorded = Callable[[object], None]

_subscribers: list[LessonItemRecorded] = []


def subscribe_lesson_item(callback: LessonItemRecorded) -> None:
    """Registers `callback(item)`; registering twice is harmless."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def unsubscribe_lesson_item(callback: LessonItemRecorded) -> None:
    if callback in _subscribers:
        _subscribers.remove(callback)


def announce_lesson_item(item) -> None:
    """A RETEX item that calls for an action was recorded (LessonItem)."""
    for callback in _subscribers:
        callback(item)
