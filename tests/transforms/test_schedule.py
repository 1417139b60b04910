from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from core.clock import is_due
from schemas.frames import SCHEDULE_INPUT
from transforms.schedule import (
    BACKOFF_CAP,
    MAX_INTERVAL,
    MIN_INTERVAL,
    max_age_seconds,
    publishing_rate,
    retry_after_seconds,
    schedule,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _one(**values: object) -> dict[str, object]:
    row = {name: None for name in SCHEDULE_INPUT}
    row.update({"feed": "f", "outcome": "ok", "http_status": 200, "jitter": 0.0})
    row.update(values)
    return schedule(pl.DataFrame([row], schema=SCHEDULE_INPUT), NOW).row(0, named=True)


def test_the_bounds_are_five_minutes_a_day_and_six_hours_of_backoff() -> None:
    assert (MIN_INTERVAL, MAX_INTERVAL, BACKOFF_CAP) == (300, 86_400, 21_600)


def test_success_follows_the_publishing_rate_within_bounds() -> None:
    assert _one(entries_per_day=48.0)["interval_seconds"] == 900  # half of a 30-minute gap
    assert _one(entries_per_day=10_000.0)["interval_seconds"] == 300
    assert _one(entries_per_day=0.1)["interval_seconds"] == 86_400
    row = _one(entries_per_day=48.0)
    assert (row["state"], row["schedule_reason"], row["consecutive_failures"]) == ("ok", "publishing rate", 0)
    assert row["next_check_at"] == NOW + timedelta(seconds=900)


def test_ttl_and_max_age_are_honoured_as_minimums() -> None:
    assert _one(entries_per_day=48.0, ttl_minutes=60)["interval_seconds"] == 3600
    row = _one(entries_per_day=48.0, max_age=7200)
    assert (row["interval_seconds"], row["schedule_reason"]) == (7200, "ttl/max-age")


def test_unchanged_keeps_the_previous_interval() -> None:
    assert _one(outcome="not_modified", http_status=304, previous_interval=1234)["interval_seconds"] == 1234


@pytest.mark.parametrize(
    ("failures", "expected"), [(0, 300), (1, 600), (3, 2400), (10, 21_600), (500, 21_600)]
)
def test_backoff_doubles_to_a_cap_and_never_gives_up(failures: int, expected: int) -> None:
    row = _one(outcome="http_error", http_status=500, previous_failures=failures)
    assert row["interval_seconds"] == expected
    assert row["state"] == "failing"
    assert row["consecutive_failures"] == failures + 1
    assert row["next_check_at"] is not None


def test_jitter_spreads_retries_by_ten_percent() -> None:
    low = _one(outcome="timeout", previous_failures=2, jitter=-1.0)["interval_seconds"]
    high = _one(outcome="timeout", previous_failures=2, jitter=1.0)["interval_seconds"]
    assert (low, high) == (1080, 1320)


def test_retry_after_is_respected() -> None:
    row = _one(outcome="http_error", http_status=503, retry_after=7200)
    assert (row["interval_seconds"], row["schedule_reason"]) == (7200, "retry-after")


def test_410_and_five_404s_mark_a_feed_gone() -> None:
    gone = _one(outcome="http_error", http_status=410)
    assert (gone["state"], gone["next_check_at"], gone["gone_at"]) == ("gone", None, NOW)
    assert _one(outcome="http_error", http_status=404, previous_not_found=3)["state"] == "failing"
    assert _one(outcome="http_error", http_status=404, previous_not_found=4)["state"] == "gone"
    assert _one(outcome="ok", previous_not_found=4)["consecutive_not_found"] == 0


def test_header_parsing() -> None:
    assert max_age_seconds("public, max-age=600, must-revalidate") == 600
    assert max_age_seconds("no-cache") is None
    assert retry_after_seconds("120", NOW) == 120
    assert retry_after_seconds("Sat, 28 Nov 2026 13:00:00 GMT", NOW) == 3600
    assert retry_after_seconds("soon", NOW) is None


def test_publishing_rate_ignores_dates_outside_the_last_month() -> None:
    entries = pl.DataFrame(
        {
            "feed": ["f"] * 4,
            "published_parsed": [NOW - timedelta(days=d) for d in (0, 1, 2)]
            + [datetime(1985, 1, 1, tzinfo=UTC)],
            "updated_parsed": [None] * 4,
        }
    )
    assert publishing_rate(entries, NOW)["entries_per_day"].to_list() == [1.5]


def test_is_due() -> None:
    assert is_due(None, NOW)
    assert is_due(NOW - timedelta(minutes=1), NOW)
    assert not is_due(NOW + timedelta(minutes=5), NOW)
