"""The ingest flow: fetch -> land -> parse -> validate -> normalize -> validate -> extract facts -> validate
-> load -> refresh marts -> publish.

A run holds the warehouse's writer lock from start to end (warehouse/lock.py), marks itself pending in the
landing zone before fetching, and clears the mark once its load commits. Before loading it loads the landed
payloads of earlier runs still marked pending (a crash, or a reader that kept the live file open until that
run gave up), so nothing landed is lost even when the feed has rolled over since.

Tasks work on whole batches (all feeds of a run), never on single entries: Prefect costs ~6 ms a task.
Task inputs are frames and payloads that are never worth hashing into cache keys, hence NO_CACHE.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import quality, records
from flows.config import Feed, Settings
from flows.fetch import FetchResult, Validators, fetch_feeds, utcnow
from flows.landing import clear_pending, mark_pending, park_pending, pending_runs, run_manifests
from flows.parsing import ParseJob, parse_all
from flows.summary import FeedReport, RunSummary, fill_summary, new_run_id, run_record
from schemas.validate import warm_up
from transforms.extract import build_gazetteer, extract_mentions
from transforms.money import extract_money
from transforms.normalize import normalize_entries
from transforms.parse import empty_entries
from transforms.schedule import (
    SCHEDULE_INPUT,
    is_due,
    max_age_seconds,
    publishing_rate,
    retry_after_seconds,
    schedule,
)
from transforms.stories import STORIES_SCHEMA, assign_stories, similar_pairs
from warehouse import db, faults
from warehouse.load import LoadBatch, load_batch, loaded_fetches, read_story_window, record_run
from warehouse.load import read_state as read_warehouse_state
from warehouse.lock import WarehouseBusy, lock_holder, retry_while_locked, writer_lock
from warehouse.publish import Published, publish
from warehouse.seeds import Seeds, read_seeds

logger = logging.getLogger(__name__)
T = TypeVar("T")
STORY_WINDOW = timedelta(days=7)  # syndicated copies appear within days of the original


@task(cache_policy=NO_CACHE, name="prepare-warehouse")
def prepare_warehouse(warehouse: Path) -> list[int]:
    """Create or migrate the warehouse; returns the migrations applied now."""
    return db.prepare(warehouse)


@task(cache_policy=NO_CACHE, name="read-feed-state")
def read_state(warehouse: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(ops.feed_state as the next run needs it, each feed's usual volume)."""
    return read_warehouse_state(warehouse)


def plan_fetches(
    feeds: list[Feed], state: pl.DataFrame, now: datetime, all_feeds: bool, refetch: bool
) -> tuple[list[Feed], dict[str, Validators], list[str], list[str]]:
    """(feeds to fetch, with a permanent redirect's target as URL; validators; not due; gone)."""
    rows = {row["feed"]: row for row in state.iter_rows(named=True)}
    planned: list[Feed] = []
    not_due: list[str] = []
    gone: list[str] = []
    for feed in feeds:
        row = rows.get(feed.name)
        if row and row["state"] == "gone":
            gone.append(feed.name)
            continue
        if row and not (all_feeds or refetch) and not is_due(row["next_check_at"], now):
            not_due.append(feed.name)
            continue
        target = row["redirected_url"] if row and row["redirected_url"] and row["url"] == feed.url else None
        planned.append(dataclasses.replace(feed, url=target) if target else feed)
    validators = {
        name: Validators(row["etag"], row["last_modified"], row["last_body_sha256"])
        for name, row in rows.items()
        if not refetch
    }
    return planned, validators, not_due, gone


def schedule_frame(
    fetches: list[FetchResult], entries: pl.DataFrame, state: pl.DataFrame, now: datetime
) -> pl.DataFrame:
    """Input of transforms.schedule for this run's fetches (the jitter is drawn here, not in transforms)."""
    rates = dict(publishing_rate(entries, now).iter_rows())
    previous = {row["feed"]: row for row in state.iter_rows(named=True)}
    rows = []
    for f in fetches:
        before = previous.get(f.feed, {})
        rows.append(
            {
                "feed": f.feed,
                "outcome": f.outcome,
                "http_status": f.http_status,
                "max_age": max_age_seconds(f.headers.get("cache-control")),
                "retry_after": retry_after_seconds(f.headers.get("retry-after"), now),
                "ttl_minutes": f.ttl_minutes,
                "entries_per_day": rates.get(f.feed),
                "previous_interval": before.get("interval_seconds"),
                "previous_failures": before.get("consecutive_failures"),
                "previous_not_found": before.get("consecutive_not_found"),
                "jitter": random.uniform(-1.0, 1.0),
            }
        )
    return schedule(pl.DataFrame(rows, schema=SCHEDULE_INPUT), now)


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
    """Parse every new body (across cores when there are many); marks non-feeds as parse_error."""
    by_name = {feed.name: feed for feed in feeds}
    todo = [fetch for fetch in fetches if fetch.outcome == "fetched"]
    jobs = [
        ParseJob(
            fetch_id=fetch.fetch_id,
            path=str(settings.landing_dir / fetch.landing_path) if fetch.landing_path else None,
            headers=fetch.headers,
            feed=fetch.feed,
            publisher=by_name[fetch.feed].publisher,
            feed_url=fetch.final_url or fetch.url,
            language=by_name[fetch.feed].language,
        )
        for fetch in todo
    ]
    bodies = {fetch.fetch_id: fetch.body for fetch in todo if fetch.body is not None}
    frames = [empty_entries()]
    for fetch, parsed in zip(todo, parse_all(jobs, bodies), strict=True):
        fetch.entries = parsed.info.entries
        fetch.ttl_minutes = parsed.info.ttl_minutes
        if not parsed.info.is_feed:
            fetch.outcome = "parse_error"
            kind = fetch.headers.get("content-type", "unknown content type")
            fetch.error = (
                "empty body"
                if not fetch.size
                else f"not a feed ({kind}): {parsed.info.bozo_message or 'no entries'}"
            )
        else:
            fetch.outcome = "ok"
            if parsed.info.bozo:
                fetch.error = f"recovered from: {parsed.info.bozo_message}"
        frames.append(parsed.entries)
    for fetch in fetches:
        fetch.body = None  # the landed copy is the record; free the memory
    return pl.concat(frames, how="vertical")


@task(cache_policy=NO_CACHE, name="read-reference-data")
def reference_task(seeds_dir: Path | None) -> Seeds:
    """The gazetteers, languages and exchange rates (warehouse/seeds/ unless the settings name a folder)."""
    return read_seeds(seeds_dir)


@task(cache_policy=NO_CACHE, name="validate-parsed")
def validate_parsed_task(entries: pl.DataFrame, run_id: str, now: Any, docs: Path | None) -> quality.Checked:
    """The parsed-entries suite: empty items are quarantined."""
    return quality.check_parsed(entries, run_id, now, docs)


@task(cache_policy=NO_CACHE, name="normalize")
def normalize_task(entries: pl.DataFrame, fetches: list[FetchResult]) -> pl.DataFrame:
    """Parsed entries -> article rows (the fetch's finish time is each row's first-seen time)."""
    fetched_at = pl.DataFrame(
        {"fetch_id": [f.fetch_id for f in fetches], "fetched_at": [f.finished_at for f in fetches]},
        schema={"fetch_id": pl.String(), "fetched_at": pl.Datetime("us", "UTC")},
    )
    return normalize_entries(entries, fetched_at)


@task(cache_policy=NO_CACHE, name="validate-articles")
def validate_task(
    articles: pl.DataFrame, seeds: Seeds, run_id: str, now: Any, docs: Path | None
) -> tuple[quality.Checked, pl.DataFrame]:
    """Row-level suite, dedupe, batch suite: (kept articles with quarantine and results, duplicates)."""
    return quality.check_entries(articles, seeds, run_id, now, docs)


@task(cache_policy=NO_CACHE, name="extract-facts")
def extract_task(kept: pl.DataFrame, seeds: Seeds) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Entity mentions and money amounts of the articles about to be loaded."""
    gazetteer = build_gazetteer(
        seeds.countries, seeds.weapon_systems, seeds.organizations, seeds.blocked_phrases
    )
    return extract_mentions(kept, gazetteer), extract_money(kept, seeds.fx_rates)


@task(cache_policy=NO_CACHE, name="assign-stories")
def stories_task(warehouse: Path, kept: pl.DataFrame, now: Any) -> pl.DataFrame:
    """Near-duplicate detection against the recent warehouse and within the batch."""
    if kept.height == 0:
        return pl.DataFrame(schema=STORIES_SCHEMA)
    since = kept["published_at"].min() - STORY_WINDOW  # type: ignore[operator]
    window = read_story_window(warehouse, since)
    new = kept.join(window.select("article_id"), on="article_id", how="anti")
    texts = pl.concat(
        [
            new.select("article_id", "title", "summary", "publisher"),
            window.select("article_id", "title", "summary", "publisher"),
        ],
        how="vertical",
    )
    pairs = similar_pairs(new["article_id"], texts)
    return assign_stories(new.select("article_id", "published_at"), window, pairs, now)


@task(cache_policy=NO_CACHE, name="validate-facts")
def validate_facts_task(
    facts: tuple[pl.DataFrame, pl.DataFrame], kept: pl.DataFrame, seeds: Seeds, run_id: str, now: Any,
    docs: Path | None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """Mentions and money suites: (mentions, money, quarantine rows, results)."""
    return quality.check_facts(facts[0], facts[1], kept, seeds, run_id, now, docs)


@task(cache_policy=NO_CACHE, name="check-feeds")
def check_feeds_task(
    fetches: list[FetchResult], entries: pl.DataFrame, history: pl.DataFrame, docs: Path | None
) -> tuple[pl.DataFrame, dict[str, list[str]]]:
    """Per-feed volume and null-rate warnings."""
    parsed = pl.DataFrame(
        [{"feed": f.feed, "entries": f.entries} for f in fetches if f.outcome == "ok"],
        schema={"feed": pl.String(), "entries": pl.Int64()},
    )
    return quality.check_feeds(parsed, entries, history, docs)


@task(cache_policy=NO_CACHE, name="load")
def load_task(settings: Settings, batch: LoadBatch, finalize: Callable[[pl.DataFrame], pl.DataFrame]) -> None:
    """One transaction: articles, feed bridge, facts, quarantine, fetch log, feed state, validation, run."""
    load_batch(settings.warehouse, batch, finalize)


Timer = Callable[[str, Callable[[], Any]], Any]


def _timer(summary: RunSummary) -> Timer:
    """Time a stage into summary.stage_seconds."""

    def timed(stage: str, call: Callable[[], T]) -> T:
        began = time.perf_counter()
        try:
            return call()
        finally:
            summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + time.perf_counter() - began

    return timed


def process_fetches(
    summary: RunSummary,
    settings: Settings,
    feeds: list[Feed],
    fetches: list[FetchResult],
    state: pl.DataFrame,
    history: pl.DataFrame,
) -> None:
    """Everything after fetching: parse, validate, normalize, extract, load, refresh (ingest and replay)."""
    timed = _timer(summary)
    docs = settings.data_docs_dir
    run_id, started_at = summary.run_id, summary.started_at
    entries = timed("parse", lambda: parse_task(fetches, feeds, settings))
    faults.point("parsed")
    seeds = timed("prepare", lambda: reference_task(settings.seeds_dir))
    parsed = timed("validate", lambda: validate_parsed_task(entries, run_id, started_at, docs))
    feed_results, feed_labels = timed("validate", lambda: check_feeds_task(fetches, entries, history, docs))
    articles = timed("normalize", lambda: normalize_task(parsed.passed, fetches))
    checked, duplicates = timed("validate", lambda: validate_task(articles, seeds, run_id, started_at, docs))
    facts = timed("extract", lambda: extract_task(checked.passed, seeds))
    mentions, money, fact_quarantine, fact_results = timed(
        "validate", lambda: validate_facts_task(facts, checked.passed, seeds, run_id, started_at, docs)
    )
    stories = timed("stories", lambda: stories_task(settings.warehouse, checked.passed, started_at))
    results = pl.concat([parsed.results, feed_results, checked.results, fact_results], how="vertical")
    entry_quarantine = pl.concat([parsed.quarantine, checked.quarantine], how="vertical")
    summary.validation_failures = sorted(
        set(results.filter(~pl.col("success") & (pl.col("severity") == "quarantine"))["rule"].to_list())
    )
    summary.facts_quarantined = fact_quarantine.height
    summary.warnings, summary.errors = quality.judge(
        results, {**parsed.labels, **feed_labels}, settings.fail_on
    )
    faults.point("validated")
    run_logger = get_run_logger()
    for line in summary.warnings:
        run_logger.warning("data quality warning: %s", line)
    for line in summary.errors:
        run_logger.error("data quality error: %s", line)

    seen = {f.feed: f.entries for f in fetches}
    outcomes = [(f.feed, f.outcome, f.http_status, f.error) for f in fetches]

    def finalize(statuses: pl.DataFrame) -> pl.DataFrame:
        fill_summary(summary, seen, outcomes, statuses, duplicates, entry_quarantine)
        summary.finished_at = utcnow()
        return run_record(summary)

    batch = LoadBatch(
        articles=checked.passed.with_columns(run_id=pl.lit(run_id)),
        sightings=pl.concat([checked.passed, duplicates], how="vertical").select(
            "article_id", "feed", seen_at=pl.col("fetched_at")
        ),
        quarantine=pl.concat([entry_quarantine, fact_quarantine], how="vertical"),
        fetch_log=records.fetch_log(fetches, run_id),
        feed_state=records.feed_state(
            fetches, feeds, schedule_frame(fetches, entries, state, summary.started_at)
        ),
        validation=results.with_columns(
            run_id=pl.lit(run_id), checked_at=pl.lit(started_at, dtype=pl.Datetime("us", "UTC"))
        ),
        mentions=mentions,
        money=money,
        seeds=seeds,
        stories=stories,
    )
    timed("load", lambda: load_task(settings, batch, finalize))  # the views were refreshed by prepare


@task(cache_policy=NO_CACHE, name="publish")
def publish_task(settings: Settings, run_id: str | None) -> Published:
    """Parquet exports of the marts and the read-only snapshot, each replaced atomically."""
    return publish(settings.warehouse, settings.exports_dir, settings.snapshot, run_id)


def planning_state(settings: Settings, summary: RunSummary) -> tuple[pl.DataFrame, bool]:
    """(feed state for planning the fetches, whether the live warehouse was prepared): from the live file,
    or, while a reader holds it open, from the last published snapshot (or as for a new warehouse): the
    fetch goes on either way."""
    try:
        prepare_warehouse(settings.warehouse)
        return read_state(settings.warehouse)[0], True
    except Exception as exc:
        holder = lock_holder(exc)
        if holder is None:
            raise
    source = settings.snapshot if settings.snapshot.exists() else None
    summary.notes.append(
        f"the warehouse file is held open by {holder}: fetching with the state of "
        f"{'the published snapshot' if source else 'a new warehouse (no snapshot yet)'}"
    )
    return read_warehouse_state(source, read_only=True)[0], False


def recover_pending(settings: Settings, feeds: list[Feed], current_run: str) -> list[RunSummary]:
    """Load the landed fetches of earlier runs that never loaded them (oldest run first), each as its own
    run record (run_kind 'recovered', the original run id); fetches a committed load already holds are
    skipped, so a crash between a commit and the clearing of the mark duplicates nothing."""
    from flows.replay import landed_run  # replay imports this module

    configured = {feed.name: feed for feed in feeds}
    recovered = []
    for run_id in pending_runs(settings.landing_dir):
        if run_id == current_run:
            continue
        manifests = run_manifests(settings.landing_dir, run_id)
        done = loaded_fetches(settings.warehouse, [m["fetch_id"] for m in manifests])
        manifests = [m for m in manifests if m["fetch_id"] not in done]
        if manifests:
            run_feeds, fetches = landed_run(manifests, configured)
            started = min(f.started_at for f in fetches)
            summary = RunSummary(run_id, started, started, status="ok", run_kind="recovered")
            try:
                state, history = read_state(settings.warehouse)
                process_fetches(summary, settings, run_feeds, fetches, state, history)
            except Exception as exc:
                if lock_holder(exc) is not None:
                    raise
                # A payload that breaks the pipeline must not block every later run: set it aside.
                park_pending(settings.landing_dir, run_id, f"{type(exc).__name__}: {exc}")
                get_run_logger().error("recovering run %s failed, marker parked: %s", run_id, exc)
                continue
            recovered.append(summary)
        clear_pending(settings.landing_dir, run_id)
    return recovered


def load_phase(
    summary: RunSummary, settings: Settings, feeds: list[Feed], fetches: list[FetchResult], prepared: bool
) -> list[RunSummary]:
    """Recover earlier pending runs, then process and load this run's fetches (once: a retry after a
    committed load does nothing). ``prepared``: planning already migrated the live file and refreshed its
    views. Raises DuckDB's lock error when a reader holds the file."""
    if not prepared:
        prepare_warehouse(settings.warehouse)
    recovered = recover_pending(settings, feeds, summary.run_id)
    ids = [f.fetch_id for f in fetches]
    if not ids or not loaded_fetches(settings.warehouse, ids):
        state, history = read_state(settings.warehouse)
        fresh = [dataclasses.replace(f) for f in fetches]  # an earlier attempt may have parsed them
        process_fetches(summary, settings, feeds, fresh, state, history)
    faults.point("load_committed")
    clear_pending(settings.landing_dir, summary.run_id)
    return recovered


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(
    feeds: list[Feed],
    settings: Settings,
    refetch: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    all_feeds: bool = False,
) -> RunSummary:
    """Run the pipeline once over the enabled feeds that are due (every enabled feed with ``all_feeds``)."""
    started_at = utcnow()
    summary = RunSummary(new_run_id(started_at), started_at, started_at, status="ok")
    enabled = [feed for feed in feeds if feed.enabled]
    timed = _timer(summary)
    run_logger = get_run_logger()
    fetches: list[FetchResult] = []
    with writer_lock(settings.warehouse, settings.lock_timeout):
        mark_pending(settings.landing_dir, summary.run_id, started_at)
        faults.point("run_started")
        warm_up()  # great-expectations imports while the feeds download
        try:
            state, prepared = timed("prepare", lambda: planning_state(settings, summary))
            planned, validators, summary.not_due, summary.gone = plan_fetches(
                enabled, state, started_at, all_feeds, refetch
            )
            fetches = timed(
                "fetch", lambda: fetch_task(planned, settings, validators, summary.run_id, transport)
            )
            faults.point("fetch_done")

            def waiting(holder: str, seconds: float) -> None:
                run_logger.warning("warehouse held open by %s; retrying the load in %.0f s", holder, seconds)

            summary.recovered = retry_while_locked(
                lambda: load_phase(summary, settings, enabled, fetches, prepared),
                settings.busy_timeout,
                waiting,
            )
            if settings.publish:
                published = timed(
                    "publish",
                    lambda: retry_while_locked(
                        lambda: publish_task(settings, summary.run_id), settings.busy_timeout, waiting
                    ),
                )
                summary.published = str(published.snapshot)
                faults.point("published")
        except WarehouseBusy as exc:
            summary.status = "deferred"
            summary.finished_at = utcnow()
            landed = sum(f.landing_path is not None for f in fetches)
            if summary.run_id in pending_runs(settings.landing_dir):
                outcome = (
                    f"{landed} payload(s) of run {summary.run_id} are landed in {settings.landing_dir} and "
                    "the next run loads them first"
                )
            else:  # the load committed; only publishing could not open the file
                outcome = f"run {summary.run_id} is loaded; the next run or `dnw publish` publishes it"
            message = f"{exc}; gave up after {settings.busy_timeout:g} s. {outcome}"
            summary.errors.append(message)
            publish_artifact(summary)
            raise WarehouseBusy(message, exc.holder) from None
        except Exception as exc:
            summary.status = "failed"
            summary.finished_at = utcnow()
            summary.errors.append(f"{type(exc).__name__}: {exc}")
            _record_failure(settings.warehouse, summary, f"{type(exc).__name__}: {exc}")
            publish_artifact(summary)
            raise
    summary.finished_at = utcnow()
    publish_artifact(summary)
    return summary


def publish_artifact(summary: RunSummary) -> None:
    """The run summary as a markdown artifact on the flow run (Prefect UI: Artifacts, key ingest-summary)."""
    from prefect.artifacts import create_markdown_artifact

    from flows.report import format_markdown

    try:
        create_markdown_artifact(
            markdown=format_markdown(summary), key="ingest-summary", description=f"run {summary.run_id}"
        )
    except Exception as exc:  # observability must not fail a run whose data is already committed
        logger.warning("could not publish the run summary artifact: %s", exc)


def _record_failure(warehouse: Path, summary: RunSummary, error: str) -> None:
    """Best effort: leave a failed-run row behind (the warehouse itself may be what failed)."""
    try:
        record_run(warehouse, run_record(summary, error=error[:2000]))
    except Exception as exc:  # the original error is what the caller must see; say why this failed too
        logger.info("could not record the failed run %s: %s", summary.run_id, exc)


__all__ = ["FeedReport", "RunSummary", "ingest"]
