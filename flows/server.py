"""The flows a server runs on a schedule, and `dnw serve`.

Three deployments (also declared in deployments/prefect.yaml for `prefect deploy`):

* ``dnw-ingest/ingest``: every 15 minutes, the feeds that are due; loads, then publishes.
* ``dnw-publish/publish``: hourly, refresh the mart views and publish Parquet + snapshot (also after every
  ingest unless DNW_PUBLISH=false; this one keeps readers served when ingests are switched off).
* ``dnw-maintenance/maintenance``: nightly, DuckDB CHECKPOINT and landing-zone retention.

Their parameters are plain JSON values; everything else comes from ``DNW_*`` variables, so a systemd unit or
a work pool sets them once. Each deployment runs one flow run at a time (a run still going when the next is
due makes Prefect cancel the new one); the warehouse's writer lock keeps the three, and any manual `dnw`
command, from writing at the same time.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows.config import ConfigError, Settings, feeds_path, load_feeds, resolve_settings
from flows.fetch import utcnow
from flows.landing import prune
from warehouse import db
from warehouse.lock import retry_while_locked, writer_lock
from warehouse.publish import publish, published_at

INGEST_EVERY = timedelta(minutes=15)
PUBLISH_EVERY = timedelta(hours=1)
MAINTENANCE_CRON = "30 3 * * *"  # 03:30 in the server's time zone (the deployment says which)


class RunFailed(Exception):
    """A scheduled run finished but its summary says failed (data-quality errors, reconciliation)."""


def _settings() -> Settings:
    return resolve_settings({})


@flow(name="dnw-ingest", log_prints=False)
def scheduled_ingest(feeds_file: str | None = None, all_feeds: bool = False) -> dict[str, Any]:
    """One ingest run over the due feeds of the feeds file (default $DNW_FEEDS or deployments/feeds.toml)."""
    from flows.ingest import ingest

    settings = _settings()
    summary = ingest(load_feeds(feeds_path(feeds_file)), settings, all_feeds=all_feeds)
    result = {
        "run_id": summary.run_id,
        "status": summary.status,
        "feeds": len(summary.feeds),
        "entries_seen": summary.entries_seen,
        "entries_loaded": summary.entries_loaded,
        "entries_quarantined": summary.entries_quarantined,
        "entries_duplicate": summary.entries_duplicate,
        "reconciled": summary.reconciled,
        "recovered_runs": [run.run_id for run in summary.recovered],
    }
    if summary.status != "ok":
        raise RunFailed(f"run {summary.run_id} failed: {'; '.join(summary.errors)}")
    return result


@flow(name="dnw-publish", log_prints=False)
def scheduled_publish(force: bool = False) -> dict[str, Any]:
    """Refresh the mart views, export Parquet and write the snapshot (holding the writer lock).

    Skipped when the published files are newer than the last run's end (ingest publishes after each load
    unless DNW_PUBLISH=false), unless ``force``.
    """
    settings = _settings()
    if not settings.warehouse.exists():
        return {"skipped": f"no warehouse at {settings.warehouse} yet"}
    with writer_lock(settings.warehouse, settings.lock_timeout):

        def refresh_and_publish() -> dict[str, Any]:
            with db.connect(settings.warehouse) as con:
                db.refresh_models(con)
                last_run = con.execute(db.sql_text("select_last_run_finished")).fetchone()
            published = published_at(settings.exports_dir)
            if not force and published and last_run and last_run[0] and published >= last_run[0]:
                return {"skipped": f"published at {published.isoformat()}, after the last run: up to date"}
            done = publish(settings.warehouse, settings.exports_dir, settings.snapshot, None)
            return {
                "exports": done.exports,
                "snapshot": str(done.snapshot),
                "seconds": round(done.seconds, 2),
            }

        result = retry_while_locked(refresh_and_publish, settings.busy_timeout)
    get_run_logger().info("publish: %s", result.get("skipped") or result["snapshot"])
    return result


@flow(name="dnw-maintenance", log_prints=False)
def maintenance(keep_days: int | None = None) -> dict[str, Any]:
    """CHECKPOINT the warehouse (folds the WAL into the file) and delete landed payloads past retention."""
    settings = _settings()
    days = settings.keep_days if keep_days is None else keep_days
    if days < 0:
        raise ConfigError("keep_days must be 0 or more")
    with writer_lock(settings.warehouse, settings.lock_timeout):
        if settings.warehouse.exists():
            retry_while_locked(lambda: db.checkpoint(settings.warehouse), settings.busy_timeout)
        manifests, bodies = prune(settings.landing_dir, days, utcnow())
    result = {"keep_days": days, "manifests_deleted": manifests, "bodies_deleted": bodies}
    get_run_logger().info("maintenance: %s", result)
    return result


def deployments(
    feeds_file: Path | None,
    ingest_every: timedelta = INGEST_EVERY,
    publish_every: timedelta = PUBLISH_EVERY,
    maintenance_cron: str = MAINTENANCE_CRON,
    timezone: str = "UTC",
    all_feeds: bool = False,
) -> list[Any]:
    """The three deployments as `dnw serve` serves them (prefect.yaml declares the same for a work pool)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
    # flow runs import the flows from the installed package, whatever the working directory of `dnw serve`
    common: dict[str, Any] = {
        "concurrency_limit": one_at_a_time, "tags": ["dnw"], "entrypoint_type": EntrypointType.MODULE_PATH,
    }  # fmt: skip
    params: dict[str, Any] = {"feeds_file": str(feeds_file)} if feeds_file else {}
    if all_feeds:
        params["all_feeds"] = True
    return [
        scheduled_ingest.to_deployment(
            name="ingest", interval=ingest_every, parameters=params,
            description="Fetch the due feeds, load, publish.", **common,
        ),
        scheduled_publish.to_deployment(
            name="publish", interval=publish_every,
            description="Refresh marts; Parquet exports and the read-only snapshot.", **common,
        ),
        maintenance.to_deployment(
            name="maintenance", schedules=[Cron(maintenance_cron, timezone=timezone)],
            description="CHECKPOINT and landing-zone retention.", **common,
        ),
    ]  # fmt: skip


def wait_for_api(api_url: str, timeout: float) -> None:
    """Wait until the Prefect API answers /health (a service may start before the server is up)."""
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{api_url.rstrip('/')}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() >= deadline:
            raise ConfigError(f"the Prefect API at {api_url} did not answer within {timeout:g} s")
        time.sleep(1)


def serve_forever(deployment_list: list[Any], limit: int | None = None) -> None:
    """Register the deployments with the Prefect server ($PREFECT_API_URL) and run their flow runs here
    until interrupted (Ctrl-C or SIGTERM)."""
    import os
    import signal

    from prefect import serve

    # Ctrl-C takes the same graceful path as SIGTERM (Prefect's runner handles that one: in-flight runs are
    # cancelled, schedules paused) instead of a KeyboardInterrupt traceback out of asyncio's shutdown.
    # A second SIGTERM would make Prefect exit at once, half-way through pausing: later Ctrl-Cs are ignored.
    def interrupt(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGINT, interrupt)
    serve(*deployment_list, limit=limit, print_starting_message=False)
