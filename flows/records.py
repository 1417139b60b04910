"""Frames for the ops tables, built from the fetch results of a run."""

from __future__ import annotations

import polars as pl

from flows.config import Feed
from flows.fetch import FetchResult

FETCH_LOG_SCHEMA: dict[str, pl.DataType] = {
    "fetch_id": pl.String(), "run_id": pl.String(), "feed": pl.String(), "url": pl.String(),
    "final_url": pl.String(), "started_at": pl.Datetime("us", "UTC"), "finished_at": pl.Datetime("us", "UTC"),
    "elapsed_ms": pl.Int32(), "http_status": pl.Int32(), "bytes": pl.Int64(), "content_type": pl.String(),
    "outcome": pl.String(), "error": pl.String(), "body_sha256": pl.String(), "landing_path": pl.String(),
    "entries": pl.Int32(),
}  # fmt: skip

FEED_STATE_SCHEMA: dict[str, pl.DataType] = {
    "feed": pl.String(), "url": pl.String(), "publisher": pl.String(), "enabled": pl.Boolean(),
    "etag": pl.String(), "last_modified": pl.String(), "body_sha256": pl.String(), "http_status": pl.Int32(),
    "outcome": pl.String(), "succeeded": pl.Boolean(), "error": pl.String(), "entries": pl.Int32(),
    "fetched_at": pl.Datetime("us", "UTC"), "redirected_url": pl.String(),
}  # fmt: skip


def fetch_log(fetches: list[FetchResult], run_id: str) -> pl.DataFrame:
    """One ops.fetch_log row per fetch."""
    return pl.DataFrame(
        [
            {
                "fetch_id": f.fetch_id,
                "run_id": run_id,
                "feed": f.feed,
                "url": f.url,
                "final_url": f.final_url,
                "started_at": f.started_at,
                "finished_at": f.finished_at,
                "elapsed_ms": f.elapsed_ms,
                "http_status": f.http_status,
                "bytes": f.size,
                "content_type": f.headers.get("content-type"),
                "outcome": f.outcome,
                "error": f.error,
                "body_sha256": f.body_sha256,
                "landing_path": f.landing_path,
                "entries": f.entries,
            }
            for f in fetches
        ],
        schema=FETCH_LOG_SCHEMA,
    )


def feed_state(fetches: list[FetchResult], feeds: list[Feed], schedule: pl.DataFrame) -> pl.DataFrame:
    """The ops.feed_state update of each fetched feed (``schedule``: transforms.schedule output)."""
    by_name = {feed.name: feed for feed in feeds}
    frame = pl.DataFrame(
        [
            {
                "feed": f.feed,
                "url": by_name[f.feed].url,
                "publisher": by_name[f.feed].publisher,
                "enabled": by_name[f.feed].enabled,
                "etag": f.headers.get("etag"),
                "last_modified": f.headers.get("last-modified"),
                # only a parsed body becomes "the last body": a failed parse must be retried next time
                "body_sha256": f.body_sha256 if f.outcome in ("ok", "unchanged") else None,
                "http_status": f.http_status,
                "outcome": f.outcome,
                "succeeded": f.succeeded,
                "error": f.error,
                "entries": f.entries,
                "fetched_at": f.finished_at,
                "redirected_url": f.permanent_redirect,
            }
            for f in fetches
        ],
        schema=FEED_STATE_SCHEMA,
    )
    return frame.join(schedule, on="feed", how="left")


def empty_fetch_log() -> pl.DataFrame:
    """No fetches (retry runs)."""
    return pl.DataFrame(schema=FETCH_LOG_SCHEMA)


def empty_feed_state() -> pl.DataFrame:
    """No feed-state updates (retry runs)."""
    from transforms.schedule import SCHEDULE_OUTPUT

    return pl.DataFrame(
        schema={**FEED_STATE_SCHEMA, **{k: v for k, v in SCHEDULE_OUTPUT.items() if k != "feed"}}
    )
