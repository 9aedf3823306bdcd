"""Local wall-clock times (as typed on the live page) to aware instants, and real delays.

Europe/Paris skips 02:00–03:00 on the last Sunday of March and lives 02:00–03:00 twice on the
last Sunday of October. A time typed in the skipped hour is refused; a time typed in the
repeated hour is refused unless the person said which one (`fold`: 0 the first, summer time
UTC+2; 1 the second, winter time UTC+1). Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


class AmbiguousLocalTime(ValidationError):
    """The local time happens twice (October): the caller must ask which one (fold)."""


def _shown(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y à %H:%M")


def is_ambiguous(local: dt.datetime) -> bool:
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=PARIS, fold=0)
    second = naive.replace(tzinfo=PARIS, fold=1)
    return first.utcoffset() != second.utcoffset()


def paris_instant(local: dt.datetime, fold: int | None = None, *, field: str = "at") -> dt.datetime:
    """The aware instant (UTC) of a naive Europe/Paris wall-clock time.

    Raises ValidationError (French, naming `field`) for a time that does not exist, and
    AmbiguousLocalTime for a time of the repeated hour given without `fold`."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    naive = local.replace(fold=0)
    candidate = naive.replace(tzinfo=PARIS)
    # A skipped time does not survive the round trip through UTC.
    if candidate.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != naive:
        raise ValidationError(
            {
                field: f"L'heure {naive:%H:%M} n'existe pas le {naive:%d/%m/%Y} : à 02:00 les "
                "horloges passent à 03:00 (heure d'été). Saisissez l'heure réellement affichée."
            }
        )
    if is_ambiguous(naive):
        if fold not in (0, 1):
            raise AmbiguousLocalTime(
                {
                    field: f"L'heure {naive:%H:%M} existe deux fois le {naive:%d/%m/%Y} (retour "
                    "à l'heure d'hiver) : précisez s'il s'agit de la première (heure d'été, "
                    "UTC+2) ou de la seconde (heure d'hiver, UTC+1)."
                }
            )
        candidate = naive.replace(tzinfo=PARIS, fold=fold)
    return candidate.astimezone(UTC)


def to_paris(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(PARIS)


def elapsed_seconds(start: dt.datetime, end: dt.datetime) -> float:
    """Real elapsed time between two aware instants, computed in UTC.

    (Python subtracts two datetimes of the same zone object by wall clock, which is wrong across
    a daylight-saving change: both are converted to UTC first.)"""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("Instants must be timezone-aware.")
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()


def minutes_up(seconds: float) -> int:
    """Whole minutes, rounded up: 60 min 30 s is 61, so `minutes <= 60` means within the hour."""
    return max(0, math.ceil(seconds / 60))


def shown(moment: dt.datetime) -> str:
    """An instant as people read it, in Europe/Paris, with its offset in the repeated hour."""
    local = to_paris(moment)
    text = _shown(local)
    if is_ambiguous(local.replace(tzinfo=None)):
        summer = local.utcoffset() == dt.timedelta(hours=2)
        text += " (heure d'été)" if summer else " (heure d'hiver)"
    return text
