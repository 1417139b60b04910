"""Chart geometry for the HTML report: rows in, rectangles and labels out, in SVG user units.

The report draws its charts as inline SVG from a template (warehouse/templates/report.html.j2), so that the
file works with no network and no JavaScript. Everything the template needs is computed here, from plain
rows, without I/O: which makes the number of marks and their values easy to check against the SQL that
produced the rows (one mark per row, ``value`` unrounded).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and on paper; grey is "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER_COLOUR = "#999999"
WIDTH = 720.0
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Mark:
    """One data point drawn as a rectangle; ``title`` is its tooltip and its text for screen readers."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    value: float
    title: str


@dataclass(frozen=True)
class Label:
    """A piece of text at (x, y); ``anchor`` is SVG's text-anchor."""

    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Gridline:
    """A horizontal or vertical rule with its axis label."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: Label


@dataclass(frozen=True)
class Chart:
    """An SVG chart: its view box, its marks (one per source row) and what annotates them."""

    name: str
    width: float
    height: float
    marks: list[Mark]
    labels: list[Label] = field(default_factory=list)
    gridlines: list[Gridline] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (series, colour)
    ticks: list[Mark] = field(default_factory=list)  # previous-period markers: not data points of their own


def nice_step(maximum: float, target_ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that splits 0..maximum into about ``target_ticks``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def compact_number(value: float) -> str:
    """12, 1.5K, 3.2M, 11.8B: short enough for an axis label."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}" if value != int(value) else str(int(value))


def compact_usd(value: float) -> str:
    """$11.8B, $431M, $950K."""
    return "$" + compact_number(value)


def series_colours(series: Sequence[str], other: str) -> dict[str, str]:
    """A colour per series, in first-seen order; the catch-all series ``other`` is grey."""
    colours: dict[str, str] = {}
    for name in series:
        if name in colours:
            continue
        colours[name] = OTHER_COLOUR if name == other else PALETTE[len(colours) % len(PALETTE)]
    return colours


def stacked_columns(
    name: str,
    categories: Sequence[date],
    rows: Sequence[tuple[date, str, float]],
    other: str,
    category_label: Callable[[date], str],
    value_label: Callable[[float], str] = compact_number,
    height: float = 260.0,
) -> Chart:
    """One column per category (every day or month of the period, empty ones too), stacked by series.

    ``rows`` are (category, series, value) in drawing order, bottom segment first; a row whose category is
    not in ``categories`` or whose value is not positive is not drawn.
    """
    left, right, top, bottom = 52.0, 8.0, 10.0, 34.0
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    index = {category: i for i, category in enumerate(categories)}
    drawn = [row for row in rows if row[0] in index and row[2] > 0]
    totals: dict[date, float] = {}
    for category, _, value in drawn:
        totals[category] = totals.get(category, 0.0) + value
    step = nice_step(max(totals.values(), default=0.0))
    top_value = step * max(1, math.ceil(max(totals.values(), default=0.0) / step))
    band = plot_width / max(1, len(categories))
    bar = max(1.0, band * 0.8)
    colours = series_colours([series for _, series, _ in drawn], other)
    stacked: dict[date, float] = {}
    marks = []
    for category, series, value in drawn:
        base = stacked.get(category, 0.0)
        stacked[category] = base + value
        y_top = top + plot_height * (1 - (base + value) / top_value)
        y_bottom = top + plot_height * (1 - base / top_value)
        marks.append(
            Mark(
                x=round(left + index[category] * band + (band - bar) / 2, 2),
                y=round(y_top, 2),
                width=round(bar, 2),
                height=round(y_bottom - y_top, 2),
                colour=colours[series],
                value=value,
                title=f"{category_label(category)}, {series}: {value_label(value)}",
            )
        )
    gridlines = []
    tick = 0.0
    while tick <= top_value + step / 2:
        y = round(top + plot_height * (1 - tick / top_value), 2)
        gridlines.append(
            Gridline(left, y, WIDTH - right, y, Label(left - 6, y + 4, value_label(tick), "end"))
        )
        tick += step
    every = max(1, math.ceil(len(categories) / MAX_X_LABELS))
    labels = [
        Label(round(left + i * band + band / 2, 2), height - bottom + 16, category_label(category))
        for i, category in enumerate(categories)
        if i % every == 0
    ]
    legend = sorted(colours.items(), key=lambda item: item[0] == other)  # the catch-all last
    return Chart(name, WIDTH, height, marks, labels, gridlines, legend)


def ranked_bars(
    name: str,
    rows: Sequence[tuple[str, float, float | None]],
    value_label: Callable[[float], str] = compact_number,
    width: float = WIDTH,
    label_width: float = 230.0,
) -> Chart:
    """One horizontal bar per (label, value, previous value) row, in the order given.

    With a previous value, a thin grey tick marks it on the same scale and the text after the bar says the
    change ("12, +5"; "new" when there was none before).
    """
    row_height, top, value_width = 24.0, 4.0, 80.0
    plot_width = width - label_width - value_width
    maximum = max([max(v, p or 0.0) for _, v, p in rows], default=0.0) or 1.0
    marks, labels, ticks = [], [], []
    for i, (label, value, previous) in enumerate(rows):
        y = top + i * row_height
        length = plot_width * value / maximum
        colour = PALETTE[0]
        marks.append(
            Mark(label_width, round(y + 4, 2), round(max(length, 1.0), 2), row_height - 8, colour, value,
                 f"{label}: {value_label(value)}")
        )  # fmt: skip
        limit = int(label_width / 6.5)  # characters of about 6.5 units at the chart's 11-unit font
        labels.append(Label(label_width - 8, y + row_height / 2 + 4, _shorten(label, limit), "end"))
        text = value_label(value)
        if previous is not None:
            change = value - previous
            text += f", {'new' if previous == 0 else f'{change:+g}'}"
            x = label_width + plot_width * previous / maximum
            ticks.append(Mark(round(x - 1, 2), round(y + 1, 2), 2.0, row_height - 2, OTHER_COLOUR, previous,
                              f"{label}, previous period: {value_label(previous)}"))  # fmt: skip
        labels.append(
            Label(round(label_width + max(length, 1.0) + 6, 2), y + row_height / 2 + 4, text, "start")
        )
    height = top * 2 + row_height * max(1, len(rows))
    return Chart(name, width, height, marks, labels, ticks=ticks)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s inclusive."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
