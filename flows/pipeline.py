"""The one stage pipeline: validate -> extract -> validate facts -> stories -> load, for a batch of articles
(stories are matched in a worker thread beside the validation of the facts; a large batch's money and deals
are extracted in a worker process, see flows/fact_worker.py).

Every entry point goes through :func:`run_stages`: ingest and pending-run recovery and replay (through
:func:`process_fetches`, which parses, checks and normalizes fetched payloads first) and quarantine retry
(articles read back from the quarantine). A new stage (deal extraction, say) is added here, once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import ParamSpec, TypeVar

import polars as pl
from prefect import Task, get_run_logger
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from core import progress
from core.clock import utcnow
from core.feeds import Feed
from core.outcomes import Outcome
from core.runtime import peak_rss_mb, resume_collection
from core.settings import Settings, resolve_settings
from core.summary import FetchLine, RunSummary, fill_summary
from flows.fact_worker import fact_worker
from flows.tasks import (
    extract_task,
    known_articles,
    load_task,
    parse_task,
    reference_task,
    stories_task,
    unvisited,
)
from flows.validation import (
    check_deals,
    check_entries,
    check_facts,
    check_feeds,
    check_parsed,
    judge,
)
from schemas.frames import SCHEDULE_INPUT
from schemas.suites import QUARANTINE, check_rule_names
from schemas.validate import render_data_docs, warm_up
from sources import records
from sources.http import FetchResult, ParseResult
from sources.parsing import ParseStream
from transforms.facts import (
    Facts,
    extraction_copies,
    facts_of,
    facts_version,
    no_facts,
    same_copies,
    unknown_copies,
    with_facts_version,
)
from transforms.schedule import max_age_seconds, publishing_rate, retry_after_seconds, schedule
from transforms.shards import passed_rows
from warehouse import faults
from warehouse.load import LoadBatch

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


def run_settings(settings: Settings | None) -> Settings:
    """The settings a flow runs with: the given ones, else read from ``DNW_*`` variables (deployed runs)."""
    resolved = resolve_settings({}) if settings is None else settings
    check_rule_names(resolved.fail_on)
    return resolved


def inline_when(empty: bool, stage: Task[P, R]) -> Callable[P, R]:
    """``stage`` as a Prefect task run, or, when ``empty`` (the batch has nothing for it), its function called
    in the flow: a task run costs the flow's process a few milliseconds and the server its events, which in a
    run where every feed answers 304 were a fifth of the flow's time for stages with no row to work on. The
    function gets the same arguments (:func:`flows.tasks.unvisited` ones unwrapped) and returns the same."""
    if not empty:
        return stage
    call = stage.fn

    def bare(*args: P.args, **kwargs: P.kwargs) -> R:
        return call(*(_unwrapped(a) for a in args), **{k: _unwrapped(v) for k, v in kwargs.items()})  # type: ignore[arg-type]

    return bare


def _unwrapped(value: object) -> object:
    return value.unquote() if isinstance(value, quote) else value


class StageTimer:
    """Adds the wall time of each stage to ``summary.stage_seconds``, and notes the stage during which the
    process's peak memory rose last (what sizes the machine a run needs: `dnw run` prints it). A stage timed
    inside another (the deals waited for inside the load) counts as its own, not the enclosing one's; stages
    are timed from one thread."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary
        self._open: list[tuple[str, list[float]]] = []  # stages running, each with its inner stages' seconds
        if summary.peak_rss_mb is None:  # a second timer of the same run keeps what the first noted
            summary.peak_rss_mb = peak_rss_mb()  # before the stages: the imports, an earlier run's peak

    def __call__(self, stage: str, call: Callable[[], T]) -> T:
        """Run ``call`` and count its seconds under ``stage``."""
        resume_collection()  # the process has started (a no-op unless `dnw run` deferred the collector)
        progress.stage(stage)
        inner = [0.0]
        self._open.append((stage, inner))
        began = time.perf_counter()
        try:
            return call()
        finally:
            elapsed = time.perf_counter() - began
            self._open.pop()
            seconds = self.summary.stage_seconds
            seconds[stage] = seconds.get(stage, 0.0) + elapsed - inner[0]
            if self._open:  # back in the enclosing stage
                outer, outer_inner = self._open[-1]
                outer_inner[0] += elapsed
                progress.stage(outer)
            self._note_peak(stage)

    def _note_peak(self, stage: str) -> None:
        peak, summary = peak_rss_mb(), self.summary
        if peak is not None and peak > (summary.peak_rss_mb or 0.0):
            summary.peak_rss_mb, summary.peak_stage = peak, stage


@dataclass(frozen=True)
class StageBatch:
    """What an entry point hands to the stage pipeline."""

    articles: pl.DataFrame  # normalized entries to validate (schemas.frames.NORMALIZED_SCHEMA)
    seen: dict[str, int]  # entries seen per feed: the left side of the reconciliation
    fetches: list[FetchLine]  # the report's feed lines
    fetch_log: pl.DataFrame  # ops.fetch_log rows (none in a retry)
    feed_state: pl.DataFrame  # ops.feed_state updates (none in a retry)
    quarantine: pl.DataFrame  # entry-level quarantine rows of earlier checks (the parsed stage)
    results: pl.DataFrame | None = None  # validation results of earlier checks
    labels: dict[str, list[str]] = field(default_factory=dict)  # failing rows of earlier warning rules


def run_stages(summary: RunSummary, settings: Settings, batch: StageBatch, timed: StageTimer) -> None:
    """Validate, extract, validate the facts, match stories and load the batch in one transaction; the run
    record (with its reconciliation) is written inside that transaction."""
    docs = settings.data_docs_dir
    run_id, started_at = summary.run_id, summary.started_at
    # Facts are extracted while the entries are validated: a large batch's money and deals in a worker process
    # (started now, so that it is ready by then), the mentions here. The copy of each article extracted is the
    # one validation keeps unless that copy fails a rule; the articles validation kept in another copy are
    # extracted again (rare: same article, different text, the preferred copy broken).
    # An article stored with the same text, its facts extracted by the extractors this run uses, is not
    # extracted nor matched to a story again (most entries of a changed feed are such articles): the load
    # only records that it was seen.
    version = facts_version(settings.deals) if batch.articles.height else ""
    empty = batch.articles.height == 0  # no article: every stage but the load has nothing to work on
    # no article, no lookup: the reference tables' columns only, and the dimensions left as they are
    seeds = timed(
        "prepare", lambda: inline_when(empty, reference_task)(settings.seeds_dir, 0 if empty else None)
    )
    copies = extraction_copies(batch.articles, seeds.languages)
    known = timed("prepare", partial(known_articles, settings.warehouse, copies, version))
    unknown = unknown_copies(copies, known)
    worker = fact_worker(unknown.height, settings.parse_workers)
    try:
        extract = inline_when(empty, extract_task)
        extracted, pending = timed("extract", partial(extract, unknown, seeds, settings.deals, worker))
        del unknown
        checked, duplicates = timed(
            "validate",
            lambda: inline_when(empty, check_entries)(batch.articles, seeds, run_id, started_at, docs),
        )
        # validated: the load keeps what passed (a copy of every article's text is freed here, unless the
        # caller still holds the batch)
        batch = replace(batch, articles=batch.articles.clear())
        # Stories need only the articles: matched in a worker thread (polars) from here on.
        new_copies = unknown_copies(checked.passed, known)
        stories_run: (
            Future[tuple[pl.DataFrame, pl.DataFrame]] | PrefectFuture[tuple[pl.DataFrame, pl.DataFrame]]
        )
        if new_copies.height:
            stories_run = stories_task.submit(settings.warehouse, new_copies, started_at)
        else:  # no story to match: the task's empty frames, without a task run
            stories_run = Future()
            stories_run.set_result(stories_task.fn(settings.warehouse, new_copies, started_at))
        same = same_copies(copies, checked.passed)
        del copies  # extracted from; the load keeps validation's copy
        redo = checked.passed.join(same, on="article_id", how="anti")
        # usually none: then no second extraction task at all
        redone = (
            timed("extract", lambda: extract_task(redo, seeds, settings.deals)[0])
            if redo.height
            else no_facts()
        )
        kept_facts = Facts(
            mentions=facts_of(extracted.mentions, same, redone.mentions),
            money=facts_of(extracted.money, same, redone.money),
            deals=extracted.deals,  # checked below, with the worker's
        )
        del extracted  # the load keeps what validation keeps of the facts, not every copy before it
        facts_check = inline_when(empty, check_facts)
        checked_facts, fact_quarantine, fact_results = timed(
            "validate", partial(facts_check, kept_facts, checked.passed, seeds, run_id, started_at, docs)
        )
        in_hand = kept_facts.deals
        del kept_facts
        stories, story_words = timed("stories", stories_run.result)  # what is left to wait for
        earlier = [] if batch.results is None else [batch.results]
        entry_quarantine = pl.concat([batch.quarantine, checked.quarantine], how="vertical")
        waiting = [pending]  # it holds the texts, mentions and money it extracts deals from: let go of it
        del pending

        run_logger = get_run_logger()  # the flow run's: with_late_frames runs inside the load's task run

        def with_late_frames(load: LoadBatch) -> LoadBatch:
            """``load`` with its deals, quarantine and validation: called by the load once the statements
            before them are done. The worker extracts deals meanwhile, on the core the load leaves free; what
            it has not started is extracted here, then the deals are checked."""
            try:
                still = waiting.pop()
                found = timed("extract", still.result) if still else in_hand  # what is left to wait for
                del still
            finally:
                if worker:
                    worker.close()
            found = facts_of(found, same, redone.deals)
            deals_check = inline_when(found.height == 0, check_deals)
            deals, deal_quarantine, deal_results = timed(
                "validate", lambda: deals_check(found, checked.passed, seeds, run_id, started_at, docs)
            )
            render_data_docs()  # beside the rest of the load and the publish: the entry point waits for it
            results = pl.concat([*earlier, checked.results, fact_results, deal_results], how="vertical")
            failed = results.filter(~pl.col("success") & (pl.col("severity") == QUARANTINE))
            summary.validation_failures = sorted(set(failed["rule"].to_list()))
            summary.facts_quarantined = fact_quarantine.height + deal_quarantine.height
            summary.warnings, summary.errors = judge(results, batch.labels, settings.fail_on)
            faults.point("validated")
            for line in summary.warnings:
                run_logger.warning("data quality warning: %s", line)
            for line in summary.errors:
                run_logger.error("data quality error: %s", line)
            return replace(
                load,
                quarantine=pl.concat([entry_quarantine, fact_quarantine, deal_quarantine], how="vertical"),
                validation=results.with_columns(
                    run_id=pl.lit(run_id), checked_at=pl.lit(started_at, dtype=pl.Datetime("us", "UTC"))
                ),
                deals=deals,
            )

        flow_run_id = flow_run.get_id()

        def finalize(statuses: pl.DataFrame) -> pl.DataFrame:
            fill_summary(summary, batch.seen, batch.fetches, statuses, duplicates, entry_quarantine)
            summary.finished_at = utcnow()
            return records.run_record(summary, str(flow_run_id) if flow_run_id else None)

        load = LoadBatch(
            articles=with_facts_version(checked.passed, known, version).with_columns(run_id=pl.lit(run_id)),
            sightings=pl.concat([checked.passed, duplicates], how="vertical").select(
                "article_id", "feed", seen_at=pl.col("fetched_at")
            ),
            quarantine=pl.DataFrame(),  # the late frames (warehouse.load.LATE_FRAMES): with_late_frames
            fetch_log=batch.fetch_log,
            feed_state=batch.feed_state,
            validation=pl.DataFrame(),
            mentions=checked_facts.mentions,
            money=checked_facts.money,
            deals=pl.DataFrame(),
            seeds=None if empty else seeds,
            stories=stories,
            story_words=story_words,
        )
        # the deals are waited for inside the load (with_late_frames), counted as their own stages
        timed("load", lambda: load_task(settings.warehouse, load, finalize, with_late_frames))
    finally:
        if worker:
            worker.close()  # closed by with_late_frames unless the run failed before
    progress.count("articles loaded", checked.passed.height)


def process_fetches(
    summary: RunSummary,
    settings: Settings,
    feeds: list[Feed],
    fetched: list[FetchResult],
    state: pl.DataFrame,
    history: pl.DataFrame,
    by_shards: tuple[pl.DataFrame, dict[str, ParseResult], pl.DataFrame] | None = None,
    stream: ParseStream | None = None,
) -> None:
    """Parse, check and normalize fetched payloads, then run the stage pipeline on them (ingest, recovery
    and replay). ``state``/``history``: ops.feed_state and each feed's usual volume before this batch.
    ``by_shards``: (entries, parse results, every entry normalized) from shard runs (flows/shards.py);
    ``stream``: the parses the fetch started (then the parse stage is what is left of them)."""
    timed = StageTimer(summary)
    # the batch is built in a function of its own: the parse's frames it does not keep (the parsed entries,
    # every entry normalized) are freed before the stages run, instead of living as long as this frame
    # (and handed over without a name here, so that run_stages can let go of the entries once validated)
    run_stages(
        summary,
        settings,
        _stage_batch(summary, settings, feeds, fetched, state, history, timed, by_shards, stream),
        timed,
    )


def _stage_batch(
    summary: RunSummary,
    settings: Settings,
    feeds: list[Feed],
    fetched: list[FetchResult],
    state: pl.DataFrame,
    history: pl.DataFrame,
    timed: StageTimer,
    by_shards: tuple[pl.DataFrame, dict[str, ParseResult], pl.DataFrame] | None,
    stream: ParseStream | None,
) -> StageBatch:
    """Parse (what the fetch's ``stream`` has not), check and normalize the fetched payloads into the stage
    pipeline's batch."""
    docs = settings.data_docs_dir
    if by_shards or any(f.outcome == Outcome.FETCHED for f in fetched):
        # great-expectations imports (seconds of CPU) while the bodies are parsed: only when there is
        # something to validate, and not during the fetch, whose event loop would wait for the GIL
        warm_up()
    nothing_new = not by_shards and not any(f.outcome == Outcome.FETCHED for f in fetched)
    if by_shards:
        entries, parses, normalized = by_shards
    else:
        # and normalized, on every core
        parse = inline_when(nothing_new, parse_task)
        done = timed("parse", lambda: parse(unvisited(fetched), unvisited(feeds), settings, stream))
        entries, parses, normalized = done.entries, done.results, done.articles
        del done
        if stream is not None:
            stream.release()  # its copy of every entry is not needed any more
    progress.count("entries parsed", entries.height)
    fetches = [f.with_parse(parses[f.fetch_id]) if f.fetch_id in parses else f for f in fetched]
    faults.point("parsed")
    check = inline_when(entries.height == 0, check_parsed)
    parsed = timed("validate", lambda: check(entries, summary.run_id, summary.started_at, docs))
    volumes = pl.DataFrame(
        [{"feed": f.feed, "entries": f.entries} for f in fetches if f.outcome == Outcome.OK],
        schema={"feed": pl.String(), "entries": pl.Int64()},
    )
    feeds_check = inline_when(volumes.height == 0 and entries.height == 0, check_feeds)
    feed_results, feed_labels = timed("validate", lambda: feeds_check(volumes, entries, history, docs))
    # the article rows of the entries that passed (normalized where they were parsed, inside the parse
    # stage or the shards; order kept)
    articles = passed_rows(normalized, parsed.passed)
    return StageBatch(
        articles=articles,
        seen={f.feed: f.entries for f in fetches},
        fetches=[FetchLine(f.feed, f.outcome, f.http_status, f.error) for f in fetches],
        fetch_log=records.fetch_log(fetches, summary.run_id),
        feed_state=records.feed_state(
            fetches, feeds, schedule_frame(fetches, entries, state, summary.started_at)
        ),
        quarantine=parsed.quarantine,
        results=pl.concat([parsed.results, feed_results], how="vertical"),
        labels={**parsed.labels, **feed_labels},
    )


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
                "outcome": str(f.outcome),
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
