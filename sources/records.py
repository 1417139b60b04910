"""Frames for the ops tables, built from the fetch results and the summary of a run."""

from __future__ import annotations

import polars as pl

from core import __version__
from core.feeds import Feed
from core.outcomes import FAILED, KEEPS_BODY, NOT_MODIFIED_ONLY, PARSED
from core.summary import RunSummary
from schemas.frames import FEED_STATE_SCHEMA, FETCH_LOG_SCHEMA, RUN_SCHEMA, SCHEDULE_OUTPUT
from sources.http import FetchResult


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
                "outcome": str(f.outcome),
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
                "body_sha256": f.body_sha256 if f.outcome in KEEPS_BODY else None,
                "http_status": f.http_status,
                "outcome": str(f.outcome),
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
    return pl.DataFrame(
        schema={**FEED_STATE_SCHEMA, **{k: v for k, v in SCHEDULE_OUTPUT.items() if k != "feed"}}
    )


def run_record(summary: RunSummary, flow_run_id: str | None, error: str | None = None) -> pl.DataFrame:
    """The ops.pipeline_runs row for a summary (feeds without a fetch, as in a retry, count in no total)."""
    outcomes = [r.outcome for r in summary.feeds if r.outcome is not None]
    message = error or ("; ".join(summary.errors) if summary.errors else None)
    return pl.DataFrame(
        [
            {
                "run_id": summary.run_id,
                "flow_run_id": flow_run_id,
                "started_at": summary.started_at,
                "finished_at": summary.finished_at,
                "status": str(summary.status),
                "feeds_total": len(outcomes),
                "feeds_ok": sum(o in PARSED for o in outcomes),
                "feeds_not_modified": sum(o in NOT_MODIFIED_ONLY for o in outcomes),
                "feeds_failed": sum(o in FAILED for o in outcomes),
                "entries_seen": summary.entries_seen,
                "entries_loaded": summary.entries_loaded,
                "entries_new": summary.entries_new,
                "entries_updated": summary.entries_updated,
                "entries_quarantined": summary.entries_quarantined,
                "entries_duplicate": summary.entries_duplicate,
                "reconciled": summary.reconciled,
                "error": message[:4000] if message else None,
                "pipeline_version": __version__,
                "run_kind": str(summary.run_kind),
                "warnings": summary.warnings,
            }
        ],
        schema=RUN_SCHEMA,
    )
