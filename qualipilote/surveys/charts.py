"""Bar charts of a question's answers, drawn on the server as SVG (coordinates here, markup in
surveys/_bar_chart.html with <title>, <desc> and a sentence as text alternative)."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 320
LABEL_WIDTH = 130
BAR_HEIGHT = 16
GAP = 6
RIGHT = 44


@dataclass
class Bar:
    y: int
    width: float
    label: str
    value_text: str
    text_y: int


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bars: list[Bar] = field(default_factory=list)
    description: str = ""


def bar_chart(result) -> BarChart:
    counts = result.counts
    chart = BarChart(WIDTH, max(len(counts), 1) * (BAR_HEIGHT + GAP) + GAP)
    most = max((c.count for c in counts), default=0)
    plot = WIDTH - LABEL_WIDTH - RIGHT
    for index, count in enumerate(counts):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(plot * count.count / most, 1) if most else 0
        share = f" ({count.share} %)" if count.share is not None else ""
        chart.bars.append(
            Bar(y, width, count.label[:24], f"{count.count}{share}", y + BAR_HEIGHT - 4)
        )
    parts = [f"{c.label} : {c.count}" for c in counts]
    chart.description = (
        f"{result.label} — {result.answers} réponse{'s' if result.answers > 1 else ''} : "
        + ("; ".join(parts) if parts else "aucune")
        + "."
    )
    return chart
