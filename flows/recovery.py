"""Landed payloads loaded again: `dnw replay` (a new warehouse from the landing zone alone, no network) and
the recovery of earlier runs that landed payloads but never loaded them.

The landing zone holds every body (gzip, appended to its run's packs) and a manifest of every fetch (feed,
publisher, URL, status, headers, outcome, times, where its body is). Both paths read the manifests back
(sources/manifests.py) and run them through the same stage pipeline as a live run, with the original fetch
times as first-seen times. Delete (or move) the warehouse file, replay, and the marts come back identical.
"""

from __future__ import annotations

from itertools import groupby

from prefect import get_run_logger

from core.errors import ConfigError
from core.feeds import Feed
from core.outcomes import RunKind
from core.settings import Settings
from core.summary import RunSummary
from flows.parameters import feed_list_flow
from flows.pipeline import process_fetches, run_settings
from flows.tasks import prepare_warehouse, read_state
from schemas.validate import wait_for_data_docs
from sources.landing import clear_pending, park_pending, pending_runs, run_manifests
from sources.manifests import landed_run, read_manifests
from sources.shards import remove_shard_outputs
from transforms.shards import latest_per_feed
from warehouse.load import loaded_fetches
from warehouse.lock import lock_holder, writer_lock


def recover_pending(settings: Settings, feeds: list[Feed], current_run: str) -> list[RunSummary]:
    """Load the landed fetches of earlier runs that never loaded them (oldest run first), each as its own
    run record (run_kind 'recovered', the original run id); fetches a committed load already holds are
    skipped, so a crash between a commit and the clearing of the mark duplicates nothing."""
    configured = {feed.name: feed for feed in feeds}
    recovered = []
    for run_id in pending_runs(settings.landing_dir):
        if run_id == current_run:
            continue
        # a shard that died and was run again fetched some feeds twice: only the latest fetch is loaded
        manifests = latest_per_feed(run_manifests(settings.landing_dir, run_id))
        done = loaded_fetches(settings.warehouse, [m["fetch_id"] for m in manifests])
        manifests = [m for m in manifests if m["fetch_id"] not in done]
        if manifests:
            run_feeds, fetches = landed_run(manifests, configured)
            started = min(f.started_at for f in fetches)
            summary = RunSummary(run_id, started, started, run_kind=RunKind.RECOVERED)
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
        remove_shard_outputs(settings.landing_dir, run_id)
    return recovered


@feed_list_flow(name="replay", log_prints=False, validate_parameters=False)
def replay(settings: Settings | None = None, feeds: list[Feed] | None = None) -> list[RunSummary]:
    """Replay every landed run, oldest first, into a warehouse that does not exist yet."""
    settings = run_settings(settings)
    if settings.warehouse.exists():
        raise ConfigError(
            f"{settings.warehouse} exists: replay rebuilds a warehouse, move the file away first"
        )
    configured = {feed.name: feed for feed in feeds or []}
    manifests = read_manifests(settings.landing_dir)
    summaries = []
    with writer_lock(settings.warehouse, settings.lock_timeout):
        prepare_warehouse(settings.warehouse)
        for run_id, group in groupby(manifests, key=lambda m: m["run_id"]):
            # as the live run loaded it: a fetch superseded by a shard's retry stays out
            run_feeds, fetches = landed_run(latest_per_feed(list(group)), configured)
            started = min(f.started_at for f in fetches)
            summary = RunSummary(f"{run_id}-replay", started, started, run_kind=RunKind.REPLAY)
            state, history = read_state(settings.warehouse)
            process_fetches(summary, settings, run_feeds, fetches, state, history)
            summaries.append(summary)
    wait_for_data_docs()
    return summaries
