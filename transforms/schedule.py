"""When to poll each feed next, from what the last fetch said: polite when it works, patient when it fails.

- Success: half the feed's average gap between items (its observed publishing rate), never shorter than its
  RSS <ttl> or Cache-Control max-age, within 5 minutes and 24 hours.
- 304 / identical body: keep the previous interval.
- Failure: exponential backoff from 5 minutes, capped at 6 hours, with +-10% jitter; a failing feed is retried
  at the cap forever, never dropped. 429/503 with Retry-After wait at least that long.
- 410 Gone, or 5 consecutive 404s: the feed is marked gone and not polled until an operator re-enables it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import polars as pl

from core.outcomes import FAILED, UNCHANGED
from schemas.frames import SCHEDULE_OUTPUT

MIN_INTERVAL = 5 * 60
MAX_INTERVAL = 24 * 3600
DEFAULT_INTERVAL = 15 * 60
BACKOFF_BASE = 5 * 60
BACKOFF_CAP = 6 * 3600
JITTER = 0.10
NOT_FOUND_LIMIT = 5


def max_age_seconds(cache_control: str | None) -> int | None:
    """The max-age of a Cache-Control header, in seconds."""
    if not cache_control:
        return None
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.strip().isdigit():
            return int(value.strip())
    return None


def retry_after_seconds(value: str | None, now: datetime) -> int | None:
    """Retry-After as delta-seconds or an HTTP date, in seconds from ``now`` (never negative)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0, int((when - now).total_seconds()))


RATE_WINDOW = timedelta(days=30)


def publishing_rate(entries: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """(feed, entries_per_day) from the dates of each feed's entries of the last 30 days in one body."""
    dated = (
        entries.select("feed", published=pl.coalesce("published_parsed", "updated_parsed"))
        .drop_nulls()
        .filter(pl.col("published").is_between(now - RATE_WINDOW, now))
    )
    return dated.group_by("feed").agg(
        entries_per_day=(
            pl.len()
            / ((pl.col("published").max() - pl.col("published").min()).dt.total_seconds() / 86400).clip(
                1 / 24
            )
        )
    )


def schedule(fetches: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Next check per fetched feed (input columns ``SCHEDULE_INPUT``; output ``SCHEDULE_OUTPUT``)."""
    failed = pl.col("outcome").is_in(sorted(FAILED))
    status = pl.col("http_status")
    failures = pl.when(failed).then(pl.col("previous_failures").fill_null(0) + 1).otherwise(0)
    not_found = pl.when(status == 404).then(pl.col("previous_not_found").fill_null(0) + 1).otherwise(0)
    frame = fetches.with_columns(consecutive_failures=failures, consecutive_not_found=not_found)
    gone = (status == 410) | (pl.col("consecutive_not_found") >= NOT_FOUND_LIMIT)

    rate_interval = (86400 / pl.col("entries_per_day") / 2).cast(pl.Int64)
    declared = pl.max_horizontal(pl.col("ttl_minutes") * 60, pl.col("max_age"))
    success_interval = (
        pl.when(pl.col("outcome").is_in(sorted(UNCHANGED)))
        .then(pl.coalesce("previous_interval", pl.lit(DEFAULT_INTERVAL)))
        .otherwise(pl.coalesce(rate_interval, pl.lit(DEFAULT_INTERVAL)))
    )
    success_interval = pl.max_horizontal(success_interval, declared.fill_null(0)).clip(
        MIN_INTERVAL, MAX_INTERVAL
    )
    backoff = (
        (pl.lit(BACKOFF_BASE) * pl.lit(2.0).pow(pl.col("consecutive_failures") - 1)).clip(
            upper_bound=BACKOFF_CAP
        )
        * (1 + JITTER * pl.col("jitter").fill_null(0.0))
    ).cast(pl.Int64)
    failure_interval = pl.max_horizontal(backoff, pl.col("retry_after").fill_null(0))
    interval = pl.when(failed).then(failure_interval).otherwise(success_interval).cast(pl.Int64)
    reason = (
        pl.when(gone)
        .then(pl.lit("gone"))
        .when(failed & (pl.col("retry_after").fill_null(0) >= backoff))
        .then(pl.lit("retry-after"))
        .when(failed)
        .then(pl.lit("backoff"))
        .when(declared.is_not_null() & (declared >= success_interval))
        .then(pl.lit("ttl/max-age"))
        .when(pl.col("outcome").is_in(sorted(UNCHANGED)))
        .then(pl.lit("unchanged"))
        .when(rate_interval.is_not_null())
        .then(pl.lit("publishing rate"))
        .otherwise(pl.lit("default"))
    )
    now_lit = pl.lit(now, dtype=pl.Datetime("us", "UTC"))
    return frame.select(
        "feed",
        state=pl.when(gone).then(pl.lit("gone")).when(failed).then(pl.lit("failing")).otherwise(pl.lit("ok")),
        consecutive_failures=pl.col("consecutive_failures").cast(pl.Int32),
        consecutive_not_found=pl.col("consecutive_not_found").cast(pl.Int32),
        interval_seconds=pl.when(gone).then(None).otherwise(interval).cast(pl.Int32),
        schedule_reason=reason,
        next_check_at=pl.when(gone).then(None).otherwise(now_lit + pl.duration(seconds=interval)),
        gone_at=pl.when(gone).then(now_lit),
    ).cast(SCHEDULE_OUTPUT)  # type: ignore[arg-type]
