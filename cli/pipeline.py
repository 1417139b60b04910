"""`dnw run`, `dnw demo` and `dnw replay`: the ingest flow once (on live or demo feeds), or the landing zone
replayed into a new warehouse."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import PROG, Subcommands, format_totals, quiet_prefect, settings_arguments, settings_from
from core.errors import ConfigError, DnwError
from core.feeds import DEFAULT_FEEDS, Feed, feeds_path, load_feeds
from core.report import format_summary
from core.runtime import prefetch_wanted, take_early_process
from core.settings import Settings
from samples import demo_feeds_dir, demo_feeds_file
from warehouse.report import WarehouseTotals, published_totals, totals

if TYPE_CHECKING:
    from sources.prefetch import Prefetch


PLAN_WAIT_SECONDS = 30.0  # for the early process to read the feed state (it takes a fraction of a second)


def register(sub: Subcommands) -> None:
    """Add `run`, `demo` and `replay` to the subcommands."""
    run = sub.add_parser("run", help="run the ingest flow once and print a per-feed summary")
    run.add_argument("--feeds", type=Path, help=f"feeds file (TOML) [DNW_FEEDS; {DEFAULT_FEEDS}]")
    run.add_argument("--refetch", action="store_true", help="ignore stored ETag/Last-Modified/body hashes")
    run.add_argument(
        "--all", dest="all_feeds", action="store_true", help="fetch every enabled feed, due or not"
    )
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    settings_arguments(run)
    run.set_defaults(handler=cmd_run, resumes_collection=True)

    demo = sub.add_parser(
        "demo", help="serve the bundled demo feeds on 127.0.0.1 and run the pipeline on them"
    )
    demo.add_argument("--feeds", type=Path, help="demo feeds file [the bundled samples/feeds.toml]")
    demo.add_argument("--samples-dir", type=Path, help="files to serve [the bundled samples/feeds]")
    demo.add_argument("--refetch", action="store_true", help="ignore stored ETag/Last-Modified/body hashes")
    demo.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    settings_arguments(demo)
    demo.set_defaults(handler=cmd_demo, resumes_collection=True)

    replay = sub.add_parser("replay", help="rebuild a new warehouse from the landing zone alone (no network)")
    replay.add_argument("--feeds", type=Path, help="feeds file, for feeds whose manifests lack a publisher")
    replay.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    settings_arguments(replay)
    replay.set_defaults(handler=cmd_replay)


def _totals(settings: Settings) -> WarehouseTotals:
    """The totals printed after a run: of the published snapshot when publishing is on (its marts are files;
    the live file's marts are views that would aggregate every mention again; kept beside it until the next
    publish), else of the live file."""
    if settings.publish and settings.snapshot.exists():
        return published_totals(settings.snapshot)
    return totals(settings.warehouse)


def _early_fetch(feeds: list[Feed], settings: Settings, refetch: bool, all_feeds: bool) -> Prefetch | None:
    """The run's requests started in a process of their own while this one imports Prefect
    (sources/prefetch.py); not for shard runs, nor on one core, nor with ``DNW_PREFETCH=0``."""
    if settings.shards != 1 or settings.work_pool or not prefetch_wanted():
        unused = take_early_process()
        if unused is not None:  # started by the command line before the settings were read
            unused.kill()
            unused.wait()
        return None
    from sources.prefetch import start

    return start(feeds, settings, all_feeds, refetch)


def run_pipeline(feeds: list[Feed], settings: Settings, refetch: bool, verbose: bool, all_feeds: bool) -> int:
    """The ingest flow once, with its report; a pipeline error is one line on stderr and exit 1."""
    early = _early_fetch(feeds, settings, refetch, all_feeds)
    try:
        return _run_flow(feeds, settings, refetch, verbose, all_feeds, early)
    finally:
        if early is not None:
            early.close()


def _run_flow(
    feeds: list[Feed],
    settings: Settings,
    refetch: bool,
    verbose: bool,
    all_feeds: bool,
    early: Prefetch | None,
) -> int:
    with quiet_prefect(verbose):
        from prefect.settings import get_current_settings

        from flows.ingest import ingest
        from flows.tasks import unvisited
        from schemas.validate import warm_up

        if not get_current_settings().api.url:
            warm_up()  # great-expectations (2.5 s) imports while Prefect starts its temporary server
        transport = None
        if early is not None:
            early.wait_planned(PLAN_WAIT_SECONDS)  # it has closed the live file again: the flow may open it
            transport = early.transport(settings)
        try:
            # as it is: Prefect would walk the 1,000 feeds of a large feeds file looking for futures (35 ms)
            summary = ingest(
                unvisited(feeds),
                settings,
                refetch=refetch,
                all_feeds=all_feeds,
                transport=unvisited(transport),
            )
        except DnwError:
            raise  # cli/main.py maps it to its exit code and message
        except Exception as exc:
            reason = str(exc).splitlines()[0] if str(exc) else ""
            hint = "" if verbose else " (run again with -v for details)"
            print(f"{PROG}: pipeline failed: {type(exc).__name__}: {reason}{hint}", file=sys.stderr)
            return 1
        print(format_summary(summary))
        print(format_totals(_totals(settings)))
        if summary.report:  # last, so that `make run` ends with where to look
            print(f"report: {summary.report} (open it in a browser; `dnw report` writes it again)")
        return 0 if summary.ok else 1


def cmd_run(args: argparse.Namespace) -> int:
    """`dnw run`."""
    settings = settings_from(args)
    if settings.work_pool:
        from prefect.settings import get_current_settings

        if not get_current_settings().api.url:  # a temporary server: no worker could ever reach it
            raise ConfigError(
                f"--work-pool {settings.work_pool} needs the Prefect server that its workers poll: "
                "set PREFECT_API_URL"
            )
    feeds = load_feeds(feeds_path(args.feeds))
    return run_pipeline(feeds, settings, args.refetch, args.verbose, args.all_feeds)


def cmd_demo(args: argparse.Namespace) -> int:
    """`dnw demo`: the loopback server plus one run."""
    from sources.loopback import serve_directory

    settings = settings_from(args)
    directory = args.samples_dir or demo_feeds_dir()
    if not directory.is_dir():
        raise ConfigError(f"samples directory not found: {directory}")
    with serve_directory(directory) as base_url:
        feeds = load_feeds(args.feeds or demo_feeds_file(), base_url=base_url)
        print(f"serving {len(feeds)} demo feeds at {base_url}")
        # the demo asks every feed each time: the server's 304 shows the polite path
        return run_pipeline(feeds, settings, args.refetch, args.verbose, all_feeds=True)


def cmd_replay(args: argparse.Namespace) -> int:
    """`dnw replay`: every landed run again, into a new warehouse."""
    settings = settings_from(args)
    feeds = load_feeds(args.feeds) if args.feeds else None
    if settings.warehouse.exists():
        raise ConfigError(
            f"{settings.warehouse} exists: replay rebuilds a warehouse, move the file away first"
        )
    with quiet_prefect(args.verbose):
        from flows.recovery import replay

        summaries = replay(settings, feeds)
    seen = sum(s.entries_seen for s in summaries)
    loaded = sum(s.entries_loaded for s in summaries)
    print(f"replayed {len(summaries)} run(s): {seen} entries seen, {loaded} loaded")
    print(format_totals(_totals(settings)))
    return 0 if all(s.ok for s in summaries) else 1
