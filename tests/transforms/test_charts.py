"""Chart geometry: one mark per drawn row, stacked in order, scaled to a round maximum."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.charts import (
    OTHER_COLOUR,
    compact_usd,
    days_between,
    months_between,
    nice_step,
    ranked_bars,
    stacked_columns,
)


def test_stacked_columns_stack_each_day_and_skip_empty_or_outside_rows() -> None:
    days = days_between(date(2024, 3, 1), date(2024, 3, 3))
    rows = [
        (date(2024, 3, 1), "Alpha", 3.0),
        (date(2024, 3, 1), "other", 1.0),
        (date(2024, 3, 3), "Beta", 2.0),
        (date(2024, 3, 3), "Alpha", 0.0),  # nothing to draw
        (date(2024, 2, 1), "Alpha", 9.0),  # outside the period
    ]
    chart = stacked_columns("c", days, rows, "other", str)
    assert [m.value for m in chart.marks] == [3.0, 1.0, 2.0]
    alpha, other, beta = chart.marks
    assert alpha.y + alpha.height == pytest.approx(260 - 34)  # the first segment sits on the axis
    assert other.y + other.height == pytest.approx(alpha.y)  # the next one on top of it
    assert alpha.x == other.x < beta.x
    assert other.colour == OTHER_COLOUR
    assert [series for series, _ in chart.legend] == ["Alpha", "Beta", "other"]  # the catch-all last
    assert [g.label.text for g in chart.gridlines] == ["0", "1", "2", "3", "4"]


def test_ranked_bars_mark_the_previous_period_without_counting_it() -> None:
    chart = ranked_bars("r", [("Ukraine", 10.0, 4.0), ("Poland", 5.0, 0.0)])
    assert [m.value for m in chart.marks] == [10.0, 5.0]
    assert [t.value for t in chart.ticks] == [4.0, 0.0]
    assert [label.text for label in chart.labels] == ["Ukraine", "10, +6", "Poland", "5, new"]


def test_small_helpers() -> None:
    assert [nice_step(v) for v in (0, 7, 10, 95, 2.3e9)] == [1.0, 2.0, 5.0, 50.0, 1e9]
    assert compact_usd(11.8e9) == "$11.8B"
    assert compact_usd(950) == "$950"
    assert months_between(date(2024, 11, 15), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)
    ]  # fmt: skip
