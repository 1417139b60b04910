"""`dnw quarantine list | show | retry`: read the quarantine, and re-validate it after a fix.

Retry takes the open quarantined entries, re-runs the current rules with the current reference data, and
loads what now passes exactly as a run would (facts extracted, one transaction, reconciliation recorded in
ops.pipeline_runs with run_kind 'retry'). Rows that still fail stay open with their refreshed reasons.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
from prefect import flow

from flows import quality, records
from flows.config import Settings
from flows.fetch import utcnow
from flows.summary import RunSummary, fill_summary, new_run_id, run_record
from transforms.extract import build_gazetteer, extract_mentions
from transforms.money import extract_money
from transforms.normalize import NORMALIZED_SCHEMA
from warehouse import db
from warehouse.db import connect, query_frame, sql_text
from warehouse.load import LoadBatch, load_batch
from warehouse.lock import writer_lock
from warehouse.publish import publish
from warehouse.seeds import read_seeds

DATETIME_COLUMNS = [name for name, dtype in NORMALIZED_SCHEMA.items() if isinstance(dtype, pl.Datetime)]


def list_quarantine(warehouse: Path, status: str | None, stage: str | None, limit: int) -> pl.DataFrame:
    """Quarantine rows, newest first."""
    with connect(warehouse, read_only=True) as con:
        return query_frame(con, sql_text("select_quarantine"), [status, status, stage, stage, limit])


def show_quarantine(warehouse: Path, quarantine_id: int) -> dict[str, Any] | None:
    """One quarantine row with its stored row decoded."""
    with connect(warehouse, read_only=True) as con:
        frame = query_frame(con, "select * from quality.quarantine where quarantine_id = ?", [quarantine_id])
    if frame.height == 0:
        return None
    row = frame.row(0, named=True)
    row["row_json"] = json.loads(row["row_json"])
    return row


def decode_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """Stored JSON rows of the entries stage -> normalized article rows."""
    as_text = {
        name: (pl.String() if name in DATETIME_COLUMNS else dtype)
        for name, dtype in NORMALIZED_SCHEMA.items()
    }
    decoded = rows.select(pl.col("row_json").str.json_decode(pl.Struct(as_text)).alias("row")).unnest("row")
    return decoded.with_columns(
        [pl.col(name).str.to_datetime(time_zone="UTC", time_unit="us") for name in DATETIME_COLUMNS]
    ).cast(NORMALIZED_SCHEMA)  # type: ignore[arg-type]


def _stories(settings: Settings, kept: pl.DataFrame, now: Any) -> pl.DataFrame:
    """Stories of retried articles, matched like any new article."""
    from flows.ingest import stories_task

    return stories_task.fn(settings.warehouse, kept, now)


@flow(name="quarantine-retry", log_prints=False, validate_parameters=False)
def retry_quarantine(settings: Settings, ids: list[int] | None = None) -> RunSummary:
    """Re-validate open quarantined entries and load those that now pass (holding the writer lock)."""
    with writer_lock(settings.warehouse, settings.lock_timeout):
        summary = _retry(settings, ids)
        if settings.publish:  # readers see the released rows without waiting for the next run
            published = publish(settings.warehouse, settings.exports_dir, settings.snapshot, summary.run_id)
            summary.published = str(published.snapshot)
        return summary


def _retry(settings: Settings, ids: list[int] | None) -> RunSummary:
    started_at = utcnow()
    summary = RunSummary(new_run_id(started_at), started_at, started_at, status="ok", run_kind="retry")
    db.prepare(settings.warehouse)
    with connect(settings.warehouse) as con:
        rows = query_frame(con, sql_text("select_quarantine_rows"), [ids, ids])
    articles = decode_rows(rows)
    seeds = read_seeds(settings.seeds_dir)
    docs = settings.data_docs_dir
    checked, duplicates = quality.check_entries(articles, seeds, summary.run_id, started_at, docs)
    gazetteer = build_gazetteer(
        seeds.countries, seeds.weapon_systems, seeds.organizations, seeds.blocked_phrases
    )
    mentions, money, fact_quarantine, fact_results = quality.check_facts(
        extract_mentions(checked.passed, gazetteer),
        extract_money(checked.passed, seeds.fx_rates),
        checked.passed,
        seeds,
        summary.run_id,
        started_at,
        docs,
    )
    results = pl.concat([checked.results, fact_results], how="vertical")
    summary.validation_failures = sorted(
        set(results.filter(~pl.col("success") & (pl.col("severity") == "quarantine"))["rule"].to_list())
    )
    seen = {str(feed): int(count) for feed, count in rows.group_by("feed").len().iter_rows()}
    outcomes: list[tuple[str, str, int | None, str | None]] = [
        (feed, "retried", None, None) for feed in sorted(seen)
    ]

    def finalize(statuses: pl.DataFrame) -> pl.DataFrame:
        fill_summary(summary, seen, outcomes, statuses, duplicates, checked.quarantine)
        summary.finished_at = utcnow()
        return run_record(summary)

    batch = LoadBatch(
        articles=checked.passed.with_columns(run_id=pl.lit(summary.run_id)),
        sightings=pl.concat([checked.passed, duplicates], how="vertical").select(
            "article_id", "feed", seen_at=pl.col("fetched_at")
        ),
        quarantine=pl.concat([checked.quarantine, fact_quarantine], how="vertical"),
        fetch_log=records.empty_fetch_log(),
        feed_state=records.empty_feed_state(),
        validation=results.with_columns(
            run_id=pl.lit(summary.run_id), checked_at=pl.lit(started_at, dtype=pl.Datetime("us", "UTC"))
        ),
        mentions=mentions,
        money=money,
        seeds=seeds,
        stories=_stories(settings, checked.passed, started_at),
    )
    load_batch(settings.warehouse, batch, finalize)  # db.prepare above refreshed the views
    return summary
