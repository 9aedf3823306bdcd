"""The review's horizontal bar charts, laid out once and drawn twice: as SVG in the PDF
(WeasyPrint draws it as vectors) and as a PNG (Pillow) in the DOCX. A bar without a figure is
shown as "—", never as zero; the target is a dark tick with its value in the label."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

from qualipilote.common.annual_review import ReviewChart
from qualipilote.common.review_text import number

WIDTH = 680
LABEL_WIDTH = 300
BAR_LEFT = LABEL_WIDTH + 10
BAR_WIDTH = 280
ROW = 24
TOP = 30
LABEL_CHARS = 52
BAR_COLOUR = "#000091"  # DSFR blue France
TARGET_COLOUR = "#ce0500"
TEXT_COLOUR = "#161616"
GRID_COLOUR = "#dddddd"


@dataclass(frozen=True)
class Bar:
    label: str
    length: float  # pixels
    value_text: str
    target_x: float | None
    y: int


@dataclass(frozen=True)
class Layout:
    title: str
    bars: list[Bar]
    height: int


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _value_text(value, unit: str) -> str:
    if value is None:
        return "—"
    digits = 0 if unit == "%" and Decimal(str(value)) == int(value) else 1
    suffix = {"%": "\u00a0%", "j": "\u00a0j"}.get(unit, "")
    return number(value, digits) + suffix


def layout(chart: ReviewChart) -> Layout:
    values = [float(bar.value) for bar in chart.bars if bar.value is not None]
    targets = [float(bar.target) for bar in chart.bars if bar.target is not None]
    if chart.maximum is not None:
        maximum = float(chart.maximum)
    elif chart.unit == "%":
        maximum = 100.0
    else:
        maximum = max(values + targets + [1.0])
    bars = []
    for index, bar in enumerate(chart.bars):
        value = None if bar.value is None else min(float(bar.value), maximum)
        target = None if bar.target is None else min(float(bar.target), maximum)
        text = _value_text(bar.value, chart.unit)
        if bar.target is not None:
            text += f" (objectif {_value_text(bar.target, chart.unit)})"
        bars.append(
            Bar(
                label=_label(bar.label),
                length=0 if value is None else max(0.0, value) * BAR_WIDTH / maximum,
                value_text=text,
                target_x=None if target is None else BAR_LEFT + target * BAR_WIDTH / maximum,
                y=TOP + index * ROW,
            )
        )
    return Layout(title=chart.title, bars=bars, height=TOP + len(bars) * ROW + 10)


def svg(chart: ReviewChart) -> str:
    """The chart as an SVG element (its texts escaped), with a title for screen readers."""
    plan = layout(chart)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH + 200} '
        f'{plan.height}" width="100%" font-family="sans-serif" font-size="11">',
        f"<title>{escape(plan.title)}</title>",
        f'<text x="0" y="16" font-size="12" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(plan.title)}</text>",
    ]
    for bar in plan.bars:
        middle = bar.y + ROW / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{middle}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{BAR_LEFT}" y="{bar.y + 4}" width="{BAR_WIDTH}" height="{ROW - 8}" '
            f'fill="none" stroke="{GRID_COLOUR}"/>'
        )
        if bar.length:
            parts.append(
                f'<rect x="{BAR_LEFT}" y="{bar.y + 4}" width="{bar.length:.1f}" '
                f'height="{ROW - 8}" fill="{BAR_COLOUR}"/>'
            )
        if bar.target_x is not None:
            parts.append(
                f'<line x1="{bar.target_x:.1f}" x2="{bar.target_x:.1f}" y1="{bar.y + 1}" '
                f'y2="{bar.y + ROW - 1}" stroke="{TARGET_COLOUR}" stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{BAR_LEFT + BAR_WIDTH + 6}" y="{middle}" fill="{TEXT_COLOUR}">'
            f"{escape(bar.value_text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def font_path(weight: str) -> str | None:
    """The DSFR's Marianne, shipped with django-dsfr (accents and French spaces included)."""
    from django.contrib.staticfiles import finders

    return finders.find(f"dsfr/dist/fonts/Marianne-{weight}.woff")


def _font(weight: str, size: int):
    from PIL import ImageFont

    path = font_path(weight)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def png(chart: ReviewChart, scale: int = 2) -> bytes:
    """The same chart as a PNG, for the DOCX (Word has no SVG everywhere)."""
    from PIL import Image, ImageDraw

    plan = layout(chart)
    width = WIDTH + 200
    image = Image.new("RGB", (width * scale, plan.height * scale), "white")
    draw = ImageDraw.Draw(image)
    font = _font("Regular", 11 * scale)
    bold = _font("Bold", 12 * scale)
    draw.text((0, 4 * scale), plan.title, fill=TEXT_COLOUR, font=bold)
    for bar in plan.bars:
        middle = (bar.y + ROW / 2) * scale
        draw.text(
            (LABEL_WIDTH * scale, middle), bar.label, fill=TEXT_COLOUR, font=font, anchor="rm"
        )
        box = [
            BAR_LEFT * scale,
            (bar.y + 4) * scale,
            (BAR_LEFT + BAR_WIDTH) * scale,
            (bar.y + ROW - 4) * scale,
        ]
        draw.rectangle(box, outline=GRID_COLOUR, width=scale)
        if bar.length:
            draw.rectangle(
                [box[0], box[1], (BAR_LEFT + bar.length) * scale, box[3]], fill=BAR_COLOUR
            )
        if bar.target_x is not None:
            draw.line(
                [
                    (bar.target_x * scale, (bar.y + 1) * scale),
                    (bar.target_x * scale, (bar.y + ROW - 1) * scale),
                ],
                fill=TARGET_COLOUR,
                width=2 * scale,
            )
        draw.text(
            ((BAR_LEFT + BAR_WIDTH + 6) * scale, middle),
            bar.value_text,
            fill=TEXT_COLOUR,
            font=font,
            anchor="lm",
        )
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()
