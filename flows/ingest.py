"""The ingest flow: fetch -> land -> parse -> normalize -> validate -> extract facts -> load -> refresh marts.

Tasks work on whole batches (all feeds of a run), never on single entries: Prefect costs ~6 ms a task.
Task inputs are frames and payloads that are never worth hashing into cache keys, hence NO_CACHE.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import __version__
from flows.config import Feed, Settings
from flows.fetch import FetchResult, Validators, fetch_feeds, utcnow
from flows.landing import read_body
from schemas.suites import ARTICLES_SUITE, ENTRIES_SUITE
from schemas.validate import RESULTS_SCHEMA, run_suite
from transforms.extract import build_gazetteer, extract_mentions
from transforms.money import extract_money
from transforms.normalize import normalize_entries, split_duplicates
from transforms.parse import empty_entries, parse_feed
from transforms.quality import quarantine_records, with_entry_ref
from warehouse import db
from warehouse.load import LoadBatch, load_batch, read_feed_state, record_run
from warehouse.seeds import Seeds, read_seeds

logger = logging.getLogger(__name__)
EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)


@dataclass
class FeedReport:
    """One line of the run report."""

    feed: str
    outcome: str
    http_status: int | None = None
    entries: int = 0
    new: int = 0
    updated: int = 0
    quarantined: int = 0
    duplicate: int = 0
    error: str | None = None


@dataclass
class RunSummary:
    """What a run did, for the report and for callers."""

    run_id: str
    started_at: datetime
    finished_at: datetime
    status: str
    feeds: list[FeedReport] = field(default_factory=list)
    entries_seen: int = 0
    entries_new: int = 0
    entries_updated: int = 0
    entries_quarantined: int = 0
    entries_duplicate: int = 0
    reconciled: bool = True
    validation_failures: list[str] = field(default_factory=list)

    @property
    def entries_loaded(self) -> int:
        """New plus updated articles."""
        return self.entries_new + self.entries_updated


def new_run_id(started_at: datetime) -> str:
    """Sortable, unique run id: UTC timestamp plus a random suffix."""
    return f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@task(cache_policy=NO_CACHE, name="prepare-warehouse")
def prepare_warehouse(warehouse: Path) -> list[int]:
    """Create or migrate the warehouse; returns the migrations applied now."""
    return db.prepare(warehouse)


@task(cache_policy=NO_CACHE, name="read-feed-state")
def read_validators(warehouse: Path, refetch: bool) -> dict[str, Validators]:
    """Validators from the last run per feed (none when refetching)."""
    if refetch:
        return {}
    state = read_feed_state(warehouse)
    return {
        row["feed"]: Validators(row["etag"], row["last_modified"], row["last_body_sha256"])
        for row in state.iter_rows(named=True)
    }


@task(cache_policy=NO_CACHE, name="fetch-feeds")
def fetch_task(
    feeds: list[Feed],
    settings: Settings,
    validators: Mapping[str, Validators],
    run_id: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[FetchResult]:
    """Fetch every feed concurrently and land each body before returning."""
    return fetch_feeds(feeds, settings, validators, run_id, transport)


@task(cache_policy=NO_CACHE, name="parse-payloads")
def parse_task(fetches: list[FetchResult], feeds: list[Feed], settings: Settings) -> pl.DataFrame:
    """Parse every new body; marks fetches that were not feeds as parse_error."""
    by_name = {feed.name: feed for feed in feeds}
    frames = [empty_entries()]
    for fetch in fetches:
        if fetch.outcome != "fetched":
            continue
        feed = by_name[fetch.feed]
        body = fetch.body
        if body is None and fetch.landing_path:
            body = read_body(settings.landing_dir / fetch.landing_path)
        parsed = parse_feed(
            body or b"",
            fetch.headers,
            fetch_id=fetch.fetch_id,
            feed=feed.name,
            publisher=feed.publisher,
            feed_url=fetch.final_url or feed.url,
            default_language=feed.language,
        )
        fetch.entries = parsed.info.entries
        if not parsed.info.is_feed:
            fetch.outcome = "parse_error"
            kind = fetch.headers.get("content-type", "unknown content type")
            fetch.error = (
                "empty body"
                if not body
                else f"not a feed ({kind}): {parsed.info.bozo_message or 'no entries'}"
            )
        else:
            fetch.outcome = "ok"
            if parsed.info.bozo:
                fetch.error = f"recovered from: {parsed.info.bozo_message}"
        frames.append(parsed.entries)
        fetch.body = None  # the landed copy is the record; free the memory
    return pl.concat(frames, how="vertical")


@task(cache_policy=NO_CACHE, name="normalize")
def normalize_task(entries: pl.DataFrame, fetches: list[FetchResult]) -> pl.DataFrame:
    """Parsed entries -> article rows (the fetch's finish time is each row's first-seen time)."""
    fetched_at = pl.DataFrame(
        {"fetch_id": [f.fetch_id for f in fetches], "fetched_at": [f.finished_at for f in fetches]},
        schema={"fetch_id": pl.String(), "fetched_at": pl.Datetime("us", "UTC")},
    )
    return normalize_entries(entries, fetched_at)


@task(cache_policy=NO_CACHE, name="validate")
def validate_task(
    articles: pl.DataFrame, run_id: str, now: datetime
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Row-level suite, then dedupe, then the batch suite: (kept, duplicates, quarantine, results)."""
    parameters = {"min_published_at": EARLIEST_PUBLISHED, "max_published_at": now + FUTURE_TOLERANCE}
    entries = run_suite(with_entry_ref(articles), ENTRIES_SUITE, parameters)
    quarantine = quarantine_records(entries.failed, ENTRIES_SUITE, run_id, now)
    kept, duplicates = split_duplicates(entries.passed.drop("entry_ref"))
    batch = run_suite(kept, ARTICLES_SUITE)
    results = pl.concat([entries.results, batch.results], how="vertical")
    return kept, duplicates, quarantine, results


@task(cache_policy=NO_CACHE, name="read-reference-data")
def reference_task() -> Seeds:
    """The gazetteers and exchange rates in warehouse/seeds/."""
    return read_seeds()


@task(cache_policy=NO_CACHE, name="extract-facts")
def extract_task(kept: pl.DataFrame, seeds: Seeds) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Entity mentions and money amounts of the articles about to be loaded."""
    gazetteer = build_gazetteer(
        seeds.countries, seeds.weapon_systems, seeds.organizations, seeds.blocked_phrases
    )
    return extract_mentions(kept, gazetteer), extract_money(kept, seeds.fx_rates)


@task(cache_policy=NO_CACHE, name="load")
def load_task(
    settings: Settings,
    feeds: list[Feed],
    fetches: list[FetchResult],
    kept: pl.DataFrame,
    duplicates: pl.DataFrame,
    quarantine: pl.DataFrame,
    results: pl.DataFrame,
    facts: tuple[pl.DataFrame, pl.DataFrame],
    seeds: Seeds,
    summary: RunSummary,
) -> RunSummary:
    """One transaction: articles, feed bridge, quarantine, fetch log, feed state, validation, run record."""
    by_name = {feed.name: feed for feed in feeds}
    run_id = summary.run_id
    sightings = pl.concat([kept, duplicates], how="vertical").select(
        "article_id", "feed", seen_at=pl.col("fetched_at")
    )
    fetch_log = pl.DataFrame(
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
        schema={
            "fetch_id": pl.String(), "run_id": pl.String(), "feed": pl.String(), "url": pl.String(),
            "final_url": pl.String(), "started_at": pl.Datetime("us", "UTC"),
            "finished_at": pl.Datetime("us", "UTC"), "elapsed_ms": pl.Int32(), "http_status": pl.Int32(),
            "bytes": pl.Int64(), "content_type": pl.String(), "outcome": pl.String(), "error": pl.String(),
            "body_sha256": pl.String(), "landing_path": pl.String(), "entries": pl.Int32(),
        },
    )  # fmt: skip
    feed_state = pl.DataFrame(
        [
            {
                "feed": f.feed,
                "url": f.url,
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
            }
            for f in fetches
        ],
        schema={
            "feed": pl.String(), "url": pl.String(), "publisher": pl.String(), "enabled": pl.Boolean(),
            "etag": pl.String(), "last_modified": pl.String(), "body_sha256": pl.String(),
            "http_status": pl.Int32(), "outcome": pl.String(), "succeeded": pl.Boolean(),
            "error": pl.String(), "entries": pl.Int32(), "fetched_at": pl.Datetime("us", "UTC"),
        },
    )  # fmt: skip
    validation = results.with_columns(
        run_id=pl.lit(run_id), checked_at=pl.lit(summary.started_at, dtype=pl.Datetime("us", "UTC"))
    )
    articles = kept.with_columns(run_id=pl.lit(run_id))

    def finalize(statuses: pl.DataFrame) -> pl.DataFrame:
        _fill_summary(summary, fetches, statuses, duplicates, quarantine)
        summary.finished_at = utcnow()
        return run_record(summary)

    batch = LoadBatch(
        articles=articles,
        sightings=sightings,
        quarantine=quarantine,
        fetch_log=fetch_log,
        feed_state=feed_state,
        validation=validation,
        mentions=facts[0],
        money=facts[1],
        seeds=seeds,
    )
    load_batch(settings.warehouse, batch, finalize)
    return summary


def _fill_summary(
    summary: RunSummary,
    fetches: list[FetchResult],
    statuses: pl.DataFrame,
    duplicates: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> None:
    """Per-feed and total counts; the reconciliation compares independently computed totals."""
    per_status = statuses.group_by("feed", "status").len()
    counts: dict[tuple[str, str], int] = {(r[0], r[1]): int(r[2]) for r in per_status.iter_rows()}
    quarantined = dict(quarantine.group_by("feed").len().iter_rows()) if quarantine.height else {}
    in_batch_dups = dict(duplicates.group_by("feed").len().iter_rows()) if duplicates.height else {}
    summary.feeds = []
    for f in fetches:
        new = counts.get((f.feed, "new"), 0)
        updated = counts.get((f.feed, "changed"), 0)
        same = counts.get((f.feed, "same"), 0)
        q = int(quarantined.get(f.feed, 0))
        dup = int(in_batch_dups.get(f.feed, 0)) + same
        summary.feeds.append(
            FeedReport(f.feed, f.outcome, f.http_status, f.entries, new, updated, q, dup, f.error)
        )
    summary.entries_seen = sum(f.entries for f in fetches)
    summary.entries_new = sum(r.new for r in summary.feeds)
    summary.entries_updated = sum(r.updated for r in summary.feeds)
    summary.entries_quarantined = quarantine.height
    summary.entries_duplicate = duplicates.height + int((statuses["status"] == "same").sum())
    summary.reconciled = summary.entries_seen == (
        summary.entries_loaded + summary.entries_quarantined + summary.entries_duplicate
    )
    if not summary.reconciled:
        summary.status = "failed"


RUN_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String(), "flow_run_id": pl.String(), "started_at": pl.Datetime("us", "UTC"),
    "finished_at": pl.Datetime("us", "UTC"), "status": pl.String(), "feeds_total": pl.Int32(),
    "feeds_ok": pl.Int32(), "feeds_not_modified": pl.Int32(), "feeds_failed": pl.Int32(),
    "entries_seen": pl.Int32(), "entries_loaded": pl.Int32(), "entries_new": pl.Int32(),
    "entries_updated": pl.Int32(), "entries_quarantined": pl.Int32(), "entries_duplicate": pl.Int32(),
    "reconciled": pl.Boolean(), "error": pl.String(), "pipeline_version": pl.String(),
}  # fmt: skip


def run_record(summary: RunSummary, error: str | None = None) -> pl.DataFrame:
    """The ops.pipeline_runs row for a summary."""
    outcomes = [r.outcome for r in summary.feeds]
    flow_run_id = flow_run.get_id()
    if error is None and not summary.reconciled:
        error = (
            f"reconciliation failed: seen {summary.entries_seen} != loaded {summary.entries_loaded} + "
            f"quarantined {summary.entries_quarantined} + duplicate {summary.entries_duplicate}"
        )
    return pl.DataFrame(
        [
            {
                "run_id": summary.run_id,
                "flow_run_id": str(flow_run_id) if flow_run_id else None,
                "started_at": summary.started_at,
                "finished_at": summary.finished_at,
                "status": summary.status,
                "feeds_total": len(outcomes),
                "feeds_ok": sum(o in ("ok", "unchanged") for o in outcomes),
                "feeds_not_modified": sum(o == "not_modified" for o in outcomes),
                "feeds_failed": sum(o not in ("ok", "unchanged", "not_modified") for o in outcomes),
                "entries_seen": summary.entries_seen,
                "entries_loaded": summary.entries_loaded,
                "entries_new": summary.entries_new,
                "entries_updated": summary.entries_updated,
                "entries_quarantined": summary.entries_quarantined,
                "entries_duplicate": summary.entries_duplicate,
                "reconciled": summary.reconciled,
                "error": error,
                "pipeline_version": __version__,
            }
        ],
        schema=RUN_SCHEMA,
    )


@task(cache_policy=NO_CACHE, name="refresh-marts")
def refresh_task(warehouse: Path) -> list[str]:
    """Recreate the staging and mart views."""
    with db.connect(warehouse) as con:
        return db.refresh_models(con)


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(
    feeds: list[Feed],
    settings: Settings,
    refetch: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RunSummary:
    """Run the pipeline once over the enabled feeds and return the run summary."""
    started_at = utcnow()
    summary = RunSummary(new_run_id(started_at), started_at, started_at, status="ok")
    enabled = [feed for feed in feeds if feed.enabled]
    try:
        prepare_warehouse(settings.warehouse)
        validators = read_validators(settings.warehouse, refetch)
        fetches = fetch_task(enabled, settings, validators, summary.run_id, transport)
        entries = parse_task(fetches, enabled, settings)
        articles = normalize_task(entries, fetches)
        kept, duplicates, quarantine, results = validate_task(articles, summary.run_id, started_at)
        summary.validation_failures = sorted(set(results.filter(~pl.col("success"))["rule"].to_list()))
        seeds = reference_task()
        facts = extract_task(kept, seeds)
        load_task(settings, enabled, fetches, kept, duplicates, quarantine, results, facts, seeds, summary)
        refresh_task(settings.warehouse)
    except Exception as exc:
        summary.status = "failed"
        summary.finished_at = utcnow()
        _record_failure(settings.warehouse, summary, f"{type(exc).__name__}: {exc}")
        raise
    return summary


def _record_failure(warehouse: Path, summary: RunSummary, error: str) -> None:
    """Best effort: leave a failed-run row behind (the warehouse itself may be what failed)."""
    try:
        record_run(warehouse, run_record(summary, error=error[:2000]))
    except Exception as exc:  # the original error is what the caller must see; say why this failed too
        logger.info("could not record the failed run %s: %s", summary.run_id, exc)


__all__ = ["RESULTS_SCHEMA", "FeedReport", "RunSummary", "ingest"]
