"""The wall clock, read in one place: flows pass the time they read here into everything else; and whether a
feed's scheduled time has come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def is_due(next_check_at: datetime | None, now: datetime) -> bool:
    """A feed is due when it has no schedule yet or its time has come."""
    return next_check_at is None or next_check_at <= now + timedelta(seconds=1)
