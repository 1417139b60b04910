"""`dnw serve`, `dnw publish`, `dnw maintenance`, `dnw migrate`, `dnw prune`: running it on a server."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import timedelta
from pathlib import Path

from cli.common import Subcommands, location_arguments, quiet_prefect, settings_arguments, settings_from
from core.errors import ConfigError, UsageError
from core.feeds import DEFAULT_FEEDS, feeds_path, load_feeds
from core.runtime import FILLED, TASK_QUEUE_POLL_ENV, TASK_QUEUE_POLL_SECONDS, slow_task_queue_polling
from core.settings import settings_env

SERVE_API_WAIT_SECONDS = 180.0  # `dnw serve` started together with `prefect server start` (~15 s)


def register(sub: Subcommands) -> None:
    """Add the server commands to the subcommands."""
    prune = sub.add_parser(
        "prune", help="delete landed payloads older than N days (replay keeps what is left)"
    )
    prune.add_argument("--keep-days", type=int, required=True, help="days of payloads to keep")
    prune.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")
    prune.set_defaults(handler=cmd_prune)

    publish = sub.add_parser(
        "publish", help="refresh the mart views; write Parquet exports and the read-only snapshot"
    )
    publish.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    settings_arguments(publish)
    publish.set_defaults(handler=cmd_publish)

    maint = sub.add_parser("maintenance", help="CHECKPOINT the warehouse and apply landing-zone retention")
    maint.add_argument("--keep-days", type=int, help="days of payloads to keep [DNW_KEEP_DAYS; 90]")
    maint.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    settings_arguments(maint)
    maint.set_defaults(handler=cmd_maintenance)

    serve = sub.add_parser(
        "serve",
        help="serve the ingest, publish and maintenance deployments on a Prefect server ($PREFECT_API_URL)",
    )
    serve.add_argument("--feeds", type=Path, help=f"feeds file [DNW_FEEDS; {DEFAULT_FEEDS}]")
    serve.add_argument("--ingest-every", type=float, default=900, help="seconds between ingest runs [900]")
    serve.add_argument(
        "--all", dest="all_feeds", action="store_true",
        help="every ingest run fetches every enabled feed (default: only the feeds that are due)",
    )  # fmt: skip
    serve.add_argument("--publish-every", type=float, default=3600, help="seconds between publishes [3600]")
    serve.add_argument(
        "--maintenance-cron", default="30 3 * * *", help="cron of the nightly maintenance ['30 3 * * *']"
    )
    serve.add_argument("--timezone", default="UTC", help="time zone of the maintenance cron [UTC]")
    serve.add_argument(
        "--no-validation-service", dest="validation_service", action="store_false",
        help="every flow run imports great-expectations itself (saves the service's ~300 MB; costs each "
        "ingest about 2 s of CPU)",
    )  # fmt: skip
    settings_arguments(serve)
    serve.set_defaults(handler=cmd_serve)

    server = sub.add_parser(
        "prefect-server",
        help="run Prefect's server (`prefect server start` with the arguments given) with its task queue "
        "polled less often",
        description="Run `prefect server start` in this process, its task queue polling for due work "
        f"every {TASK_QUEUE_POLL_SECONDS:g} s instead of 4 times a second and listening for cancellations in "
        f"steps of as long instead of 0.1 s (${TASK_QUEUE_POLL_ENV} sets the seconds; 0 keeps Prefect's "
        "own). Prefect's UI and log level are left to Prefect's settings. "
        "Other options of `prefect server start` go after `--`.",
    )
    server.add_argument("--host", help="address to listen on [PREFECT_SERVER_API_HOST; 127.0.0.1]")
    server.add_argument("--port", type=int, help="port to listen on [PREFECT_SERVER_API_PORT; 4200]")
    server.add_argument("--no-ui", action="store_true", help="serve the API only")
    server.add_argument("prefect_args", nargs="*", help="after `--`: more options of `prefect server start`")
    server.set_defaults(handler=cmd_prefect_server)

    migrate = sub.add_parser("migrate", help="create or upgrade the warehouse schema and views")
    location_arguments(migrate)
    migrate.set_defaults(handler=cmd_migrate)


# the defaults `dnw` sets for its own processes that a server for people to look at must not inherit
SERVER_OWN_SETTINGS = ("PREFECT_UI_ENABLED", "PREFECT_SERVER_UI_ENABLED", "PREFECT_LOGGING_LEVEL")


def cmd_prefect_server(args: argparse.Namespace) -> int:
    """`dnw prefect-server`: `prefect server start` in this process, its task queue polling less often."""
    for key in SERVER_OWN_SETTINGS:
        if key in FILLED:
            os.environ.pop(key, None)
    raw = os.environ.get(TASK_QUEUE_POLL_ENV, "")
    try:
        seconds = float(raw) if raw.strip() else TASK_QUEUE_POLL_SECONDS
    except ValueError:
        raise UsageError(f"{TASK_QUEUE_POLL_ENV} must be a number of seconds, not {raw!r}") from None
    if seconds < 0:
        raise UsageError(f"{TASK_QUEUE_POLL_ENV} must be 0 or more")
    if seconds > 0 and not slow_task_queue_polling(seconds):
        print(f"dnw prefect-server: this docket version has no poll interval to set; "
              f"{TASK_QUEUE_POLL_ENV} ignored", file=sys.stderr)  # fmt: skip
    from prefect.cli import app

    given = [("--host", args.host), ("--port", None if args.port is None else str(args.port))]
    options = [item for option, value in given if value is not None for item in (option, value)]
    options += ["--no-ui"] * args.no_ui + args.prefect_args  # argparse drops the `--` before them
    sys.argv = ["prefect", "server", "start", *options]  # Prefect's entry point reads its arguments there
    try:
        app()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    """`dnw prune`: landing-zone retention."""
    from core.clock import utcnow
    from sources.landing import prune

    if args.keep_days < 0:
        raise UsageError("--keep-days must be 0 or more")
    settings = settings_from(args)
    manifests, bodies = prune(settings.landing_dir, args.keep_days, utcnow())
    print(f"{settings.landing_dir}: deleted {manifests} manifest(s) and {bodies} body file(s)")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """`dnw publish`: the publish flow once."""
    settings = settings_from(args)
    with quiet_prefect(args.verbose):
        from flows.publish import scheduled_publish

        result = scheduled_publish(force=True, settings=settings)
    if result.published is None:
        raise ConfigError(result.skipped or "nothing published")
    done = result.published
    rows = ", ".join(f"{name} {n}" for name, n in done.exports.items())
    print(f"published {done.snapshot} and {len(done.exports)} Parquet file(s) in "
          f"{settings.exports_dir} in {done.seconds:.1f} s: {rows}")  # fmt: skip
    if done.report:
        print(f"report: {done.report}")
    return 0


def cmd_maintenance(args: argparse.Namespace) -> int:
    """`dnw maintenance`: the maintenance flow once."""
    settings = settings_from(args)
    with quiet_prefect(args.verbose):
        from flows.publish import maintenance

        result = maintenance(args.keep_days, settings=settings)
    deleted = f"{result.manifests_deleted} manifest(s) and {result.bodies_deleted} body file(s)"
    print(f"checkpointed; kept {result.keep_days} day(s) of payloads: deleted {deleted}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """`dnw serve`: register the three deployments and run their flow runs until stopped."""
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(
            "PREFECT_API_URL is not set: start `prefect server start` and export "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (a temporary server cannot run schedules)"
        )
    path = feeds_path(args.feeds).resolve()
    load_feeds(path)  # a broken feeds file fails here, not at the first scheduled run
    if args.ingest_every <= 0 or args.publish_every <= 0:
        raise UsageError("--ingest-every and --publish-every must be positive")
    # The one place settings travel through the environment: the flow runs `serve` starts are child
    # processes that read DNW_* (their deployments take plain JSON parameters only).
    os.environ.update(settings_env(settings_from(args)))
    from flows.server import deployments, serve_forever, wait_for_api

    wait_for_api(os.environ["PREFECT_API_URL"], SERVE_API_WAIT_SECONDS)
    found = deployments(
        path, timedelta(seconds=args.ingest_every), timedelta(seconds=args.publish_every),
        args.maintenance_cron, args.timezone, all_feeds=args.all_feeds,
    )  # fmt: skip
    print(f"serving {len(found)} deployments (dnw-ingest/ingest every {args.ingest_every:g} s, "
          f"dnw-publish/publish every {args.publish_every:g} s, dnw-maintenance/maintenance at "
          f"'{args.maintenance_cron}' {args.timezone}) on {os.environ['PREFECT_API_URL']}; Ctrl-C stops",
          flush=True)  # fmt: skip
    settings = settings_from(args)
    if settings.shards > 1 or settings.work_pool:
        where = (
            f"on work pool {settings.work_pool!r}" if settings.work_pool else "in the ingest run's process"
        )
        print(f"each ingest fetches and parses in {settings.shards} shard(s) {where}", flush=True)
    from flows.validator import ValidationService

    # great-expectations imported once for every flow run, not once per run (flows/validator.py)
    with ValidationService() if args.validation_service else contextlib.nullcontext():
        serve_forever(found)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """`dnw migrate`."""
    from warehouse.db import prepare
    from warehouse.lock import writer_lock

    settings = settings_from(args)
    with writer_lock(settings.warehouse, settings.lock_timeout):
        applied = prepare(settings.warehouse)
    print(f"{settings.warehouse}: applied {len(applied)} migration(s) {applied or ''}".rstrip())
    return 0
