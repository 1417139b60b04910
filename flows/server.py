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

from core.errors import ConfigError, RunFailed
from core.feeds import feeds_path, load_feeds
from core.settings import Settings
from core.summary import RunSummary
from flows.ingest import ingest
from flows.parameters import flow
from flows.pipeline import run_settings
from flows.publish import maintenance, scheduled_publish
from flows.tasks import unvisited
from flows.validator import use_service_from_environment

INGEST_EVERY = timedelta(minutes=15)
PUBLISH_EVERY = timedelta(hours=1)
MAINTENANCE_CRON = "30 3 * * *"  # 03:30 in the server's time zone (the deployment says which)


@flow(name="dnw-ingest", log_prints=False, validate_parameters=False)
def scheduled_ingest(
    feeds_file: str | None = None, all_feeds: bool = False, settings: Settings | None = None
) -> RunSummary:
    """One ingest run over the due feeds of the feeds file (default $DNW_FEEDS or deployments/feeds.toml);
    raises RunFailed when the run's summary says failed, so Prefect marks the flow run Failed."""
    settings = run_settings(settings)
    use_service_from_environment()  # the validation service of `dnw serve`, when this run is one of its
    summary = ingest(unvisited(load_feeds(feeds_path(feeds_file))), settings, all_feeds=all_feeds)
    if not summary.ok:
        raise RunFailed(f"run {summary.run_id} failed: {'; '.join(summary.errors)}")
    return summary


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
    params: dict[str, Any] = {"feeds_file": str(feeds_file)} if feeds_file else {}  # JSON values only
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

    import httpx2

    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx2.get(f"{api_url.rstrip('/')}/health", timeout=5).status_code == 200:
                return
        except httpx2.HTTPError:
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
