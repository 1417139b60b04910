"""The ingest flow: plan -> fetch -> land -> (recover earlier runs) -> the stage pipeline -> publish.

A run holds the warehouse's writer lock from start to end (warehouse/lock.py), marks itself pending in the
landing zone before fetching, and clears the mark once its load commits. Before loading it loads the landed
payloads of earlier runs still marked pending (a crash, or a reader that kept the live file open until that
run gave up), so nothing landed is lost even when the feed has rolled over since.
"""

from __future__ import annotations

import logging

import httpx2
import polars as pl
from prefect import get_run_logger
from prefect.runtime import flow_run

from core.clock import utcnow
from core.errors import WarehouseBusy
from core.feeds import Feed
from core.outcomes import RunStatus
from core.report import format_markdown
from core.settings import Settings
from core.summary import RunSummary, new_run_id
from flows.parameters import feed_list_flow
from flows.pipeline import StageTimer, process_fetches, run_settings
from flows.recovery import recover_pending
from flows.shards import ShardedFetch, run_shards
from flows.tasks import (
    fetch_task,
    prepare_and_read_state,
    prepare_warehouse,
    publish_task,
    read_state,
    unvisited,
)
from schemas.validate import wait_for_data_docs
from sources import records
from sources.http import FetchResult
from sources.landing import clear_pending, mark_pending, pending_runs
from sources.parsing import ParseStream
from sources.planning import Plan, plan_fetches
from sources.shards import remove_shard_outputs
from warehouse import faults
from warehouse.load import loaded_fetches, record_run
from warehouse.load import read_state as read_warehouse_state
from warehouse.lock import lock_holder, retry_while_locked, writer_lock

logger = logging.getLogger(__name__)


def planning_state(
    settings: Settings, summary: RunSummary
) -> tuple[pl.DataFrame, tuple[pl.DataFrame, pl.DataFrame] | None]:
    """(feed state for planning the fetches, the live file's feed state and history if it was prepared and
    read): from the live file, or, while a reader holds it open, from the last published snapshot (or as for
    a new warehouse): the fetch goes on either way."""
    try:
        live = prepare_and_read_state(settings.warehouse)
        return live[0], live
    except Exception as exc:
        holder = lock_holder(exc)
        if holder is None:
            raise
    source = settings.snapshot if settings.snapshot.exists() else None
    summary.notes.append(
        f"the warehouse file is held open by {holder}: fetching with the state of "
        f"{'the published snapshot' if source else 'a new warehouse (no snapshot yet)'}"
    )
    return read_warehouse_state(source, read_only=True)[0], None


def load_phase(
    summary: RunSummary,
    settings: Settings,
    feeds: list[Feed],
    fetched: list[FetchResult],
    planned: tuple[pl.DataFrame, pl.DataFrame] | None,
    sharded: ShardedFetch | None = None,
    stream: ParseStream | None = None,
) -> list[RunSummary]:
    """Recover earlier pending runs, then run this run's fetches through the stage pipeline (once: a retry
    after a committed load does nothing). ``planned``: the feed state and history planning read from the live
    file after migrating it and refreshing its views, and nothing has written to it since (a first attempt;
    None: prepare and read here); ``sharded``: the fetches were parsed by shard runs. Raises DuckDB's lock
    error when a reader holds the file."""
    if planned is None:
        prepare_warehouse(settings.warehouse)
    recovered = recover_pending(settings, feeds, summary.run_id)
    ids = [f.fetch_id for f in fetched]
    # a first attempt (``planned``) cannot find its fetches loaded: no load of this run has begun (a read of
    # the live file less in every run)
    if not ids or planned is not None or not loaded_fetches(settings.warehouse, ids):
        # the writer lock is held since planning: only the recovered runs can have changed the feed state
        state, history = planned if planned is not None and not recovered else read_state(settings.warehouse)
        parsed = (sharded.entries, sharded.parses, sharded.articles) if sharded else None
        process_fetches(summary, settings, feeds, fetched, state, history, parsed, stream)
    faults.point("load_committed")
    clear_pending(settings.landing_dir, summary.run_id)
    remove_shard_outputs(settings.landing_dir, summary.run_id)
    return recovered


def fetch_phase(
    summary: RunSummary,
    settings: Settings,
    plan: Plan,
    transport: httpx2.AsyncBaseTransport | None,
    stream: ParseStream,
) -> tuple[list[FetchResult], ShardedFetch | None]:
    """Fetch (and land) the planned feeds here, handing each new body to ``stream`` to parse meanwhile, or
    in shards that also parse them (flows/shards.py) when the settings ask for shards or a work pool."""
    if settings.shards == 1 and not settings.work_pool:
        return fetch_task(
            unvisited(plan.feeds), settings, unvisited(plan.validators), summary.run_id, transport, stream
        ), None
    sharded = run_shards(plan.feeds, plan.validators, settings, summary.run_id, transport)
    summary.notes.extend(sharded.notes)
    for stage, seconds in sharded.seconds.items():  # the shards' own seconds, summed: the capacity inputs
        summary.stage_seconds[f"shard {stage}"] = seconds
    return sharded.fetches, sharded


@feed_list_flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(
    feeds: list[Feed],
    settings: Settings | None = None,
    refetch: bool = False,
    transport: httpx2.AsyncBaseTransport | None = None,
    all_feeds: bool = False,
) -> RunSummary:
    """Run the pipeline once over the enabled feeds that are due (every enabled feed with ``all_feeds``);
    ``settings`` None reads them from ``DNW_*`` variables."""
    settings = run_settings(settings)
    started_at = utcnow()
    summary = RunSummary(new_run_id(started_at), started_at, started_at)
    enabled = [feed for feed in feeds if feed.enabled]
    timed = StageTimer(summary)
    run_logger = get_run_logger()
    fetched: list[FetchResult] = []
    stream: ParseStream | None = None
    with writer_lock(settings.warehouse, settings.lock_timeout):
        mark_pending(settings.landing_dir, summary.run_id, started_at)
        faults.point("run_started")
        try:
            state, live = timed("prepare", lambda: planning_state(settings, summary))
            first_attempt = [live]  # a retried load prepares and reads the file again
            plan = plan_fetches(enabled, state.iter_rows(named=True), started_at, all_feeds, refetch)
            summary.not_due, summary.gone = plan.not_due, plan.gone
            summary.failing_before = set(state.filter(pl.col("consecutive_failures") > 0)["feed"].to_list())
            stream = ParseStream(plan.feeds, settings.landing_dir, settings.parse_workers)
            fetched, sharded = timed("fetch", lambda: fetch_phase(summary, settings, plan, transport, stream))
            faults.point("fetch_done")

            def waiting(holder: str, seconds: float) -> None:
                run_logger.warning("warehouse held open by %s; retrying the load in %.0f s", holder, seconds)

            summary.recovered = retry_while_locked(
                lambda: load_phase(
                    summary,
                    settings,
                    enabled,
                    fetched,
                    first_attempt.pop() if first_attempt else None,
                    sharded,
                    stream,
                ),
                settings.busy_timeout,
                waiting,
            )
            # Nothing new -> nothing rewritten: readers keep the snapshot they have (a warm run of 1,000
            # feeds answering 304 paid seconds to rewrite an identical snapshot and its exports).
            unchanged = not summary.changed_what_is_published and settings.snapshot.exists()
            if settings.publish and unchanged:
                summary.notes.append("nothing new: the published snapshot and exports are unchanged")
                latest = settings.reports_dir / "latest.html"
                summary.report = str(latest) if latest.exists() else None
            elif settings.publish:
                published = timed(
                    "publish",
                    lambda: retry_while_locked(
                        lambda: publish_task(settings, summary.run_id), settings.busy_timeout, waiting
                    ),
                )
                summary.published = str(published.snapshot)
                summary.report = str(published.report) if published.report else None
                faults.point("published")
        except WarehouseBusy as exc:
            summary.status = RunStatus.DEFERRED
            summary.finished_at = utcnow()
            landed = sum(f.landing_path is not None for f in fetched)
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
            summary.status = RunStatus.FAILED
            summary.finished_at = utcnow()
            summary.errors.append(f"{type(exc).__name__}: {exc}")
            _record_failure(settings, summary, f"{type(exc).__name__}: {exc}")
            publish_artifact(summary)
            raise
        finally:
            if stream is not None:
                stream.close()  # parses nobody waited for (the run failed or was deferred) are dropped
    timed("data docs", wait_for_data_docs)  # rendered beside the load and the publish
    summary.finished_at = utcnow()
    publish_artifact(summary)
    return summary


def publish_artifact(summary: RunSummary) -> None:
    """The run summary as a markdown artifact on the flow run (Prefect UI: Artifacts, key ingest-summary)."""
    from prefect.artifacts import create_markdown_artifact

    try:
        create_markdown_artifact(
            markdown=format_markdown(summary), key="ingest-summary", description=f"run {summary.run_id}"
        )
    except Exception as exc:  # observability must not fail a run whose data is already committed
        logger.warning("could not publish the run summary artifact: %s", exc)


def _record_failure(settings: Settings, summary: RunSummary, error: str) -> None:
    """Best effort: leave a failed-run row behind (the warehouse itself may be what failed)."""
    flow_run_id = flow_run.get_id()
    row = records.run_record(summary, str(flow_run_id) if flow_run_id else None, error[:2000])
    try:
        record_run(settings.warehouse, row)
    except Exception as exc:  # the original error is what the caller must see; say why this failed too
        logger.info("could not record the failed run %s: %s", summary.run_id, exc)
