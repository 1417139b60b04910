"""What the warehouse knows of each feed: polling state for `dnw feeds list`, marts.feed_health, and the
reset that `dnw feeds enable` applies."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from warehouse.db import connect, query_frame, sql_text
from warehouse.lock import writer_lock


def reset_state(warehouse: Path, name: str, lock_timeout: float = 600.0) -> bool:
    """Clear a gone or failing state so that the feed is polled at the next run; True if it had state."""
    if not warehouse.exists():
        return False
    with writer_lock(warehouse, lock_timeout), connect(warehouse) as con:
        return bool(con.execute(sql_text("reset_feed_state"), [name]).fetchall())


def feed_table(feeds: pl.DataFrame, warehouse: Path) -> pl.DataFrame:
    """The feeds of the feeds file joined with each feed's polling state in the warehouse."""
    if not warehouse.exists():
        return feeds
    with connect(warehouse, read_only=True) as con:
        state = query_frame(con, sql_text("select_feed_polling"))
    return feeds.join(state, on="feed", how="left")


def feed_health(warehouse: Path) -> pl.DataFrame:
    """marts.feed_health, one row per feed."""
    with connect(warehouse, read_only=True) as con:
        return query_frame(con, sql_text("select_feed_health"))
