"""The shape of a yearly figure of the indicator catalogue, shared by the apps that count them.

Indicators of the catalogue with `frequency: yearly` and `method: module` are counted, live, by the
app that holds the records: its AppConfig defines

    def yearly_indicators(self, organisation, year) -> dict[str, YearlyFigure]

keyed by the indicator's code (indicators/yearly.py collects them). Apps below the indicators app
in the layers contract (emergency communication) cannot import it, hence this neutral place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class YearlyFigure:
    value: Decimal | None  # None: no data for the year (never shown as zero)
    # How many records the figure stands on ("3 événements"), always shown beside it.
    basis: int
    basis_label: str
