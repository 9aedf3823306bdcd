"""Trend charts drawn on the server as SVG: coordinates computed here, markup in the template
(indicators/_trend_chart.html) with <title>, <desc> and a sentence as text alternative."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .models import format_value
from .periods import month_label, short_month_label

WIDTH = 320
HEIGHT = 120
LEFT = 44
RIGHT = 8
TOP = 10
BOTTOM = 22


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class TrendChart:
    width: int
    height: int
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    segments: list[str] = field(default_factory=list)  # polyline "x,y x,y" runs between gaps
    points: list[Point] = field(default_factory=list)
    target_y: float | None = None
    axis: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    month_ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, label)
    description: str = ""


def trend_chart(indicator, months, values: list[Decimal | None], target_text: str) -> TrendChart:
    chart = TrendChart(WIDTH, HEIGHT)
    known = [v for v in values if v is not None]
    chart.description = describe(indicator, months, values, target_text)
    if not known:
        return chart
    target = indicator.target_value if indicator.has_target else None
    low = min([*known, *([target] if target is not None else [])])
    high = max([*known, *([target] if target is not None else [])])
    if high == low:
        high, low = high + 1, low - 1  # a flat line drawn mid-height
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(months) - 1, 1)

    def y_of(value: Decimal) -> float:
        return round(TOP + float((high - value) / (high - low)) * plot_height, 1)

    run: list[str] = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        x = round(LEFT + index * step, 1)
        if value is None:
            if run:
                chart.segments.append(" ".join(run))
            run = []
            continue
        y = y_of(value)
        run.append(f"{x},{y}")
        chart.points.append(
            Point(x, y, f"{month_label(month)} : {format_value(value, indicator.unit)}")
        )
    if run:
        chart.segments.append(" ".join(run))
    if target is not None:
        chart.target_y = y_of(target)
    chart.axis = [(y_of(high), _short(high, indicator)), (y_of(low), _short(low, indicator))]
    ticks = {0, len(months) - 1} if len(months) > 6 else set(range(len(months)))
    chart.month_ticks = [
        (round(LEFT + index * step, 1), short_month_label(months[index])) for index in sorted(ticks)
    ]
    return chart


def _short(value: Decimal, indicator) -> str:
    text = format_value(value, indicator.unit)
    return text.replace(",00", "")


def describe(indicator, months, values, target_text: str) -> str:
    """The chart in one sentence, for screen readers and the printed page."""
    if not months:
        return ""
    period = f"de {month_label(months[0])} à {month_label(months[-1])}"
    known = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
    if not known:
        return f"{indicator.label} : pas de données {period}."
    lowest = min(known, key=lambda item: item[1])
    highest = max(known, key=lambda item: item[1])
    unit = indicator.unit
    sentence = (
        f"{indicator.label}, {period} : {len(known)} mois avec des données sur {len(months)}, "
        f"du plus bas {format_value(lowest[1], unit)} ({month_label(lowest[0])}) "
        f"au plus haut {format_value(highest[1], unit)} ({month_label(highest[0])})"
    )
    if indicator.has_target:
        met = sum(1 for _m, v in known if indicator.is_met(v))
        sentence += f" ; objectif {target_text} atteint {met} mois sur {len(known)}"
    return sentence + "."
