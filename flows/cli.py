"""`dnw`: run the pipeline, serve the demo, query the warehouse.

Exit codes: 0 the command completed (failed feeds are reported, not fatal); 1 the pipeline itself failed;
2 usage or configuration error, with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from flows import __version__
from flows.config import DEFAULT_FEEDS, ConfigError, Feed, Settings, feeds_path, load_feeds, resolve_settings
from warehouse.lock import WarehouseBusy

PROG = "dnw"
DEMO_FEEDS = Path("samples/feeds.toml")
DEMO_DIR = Path("samples/feeds")


# Settings that _settings_arguments turns into flags (flag > DNW_* > default)
SETTINGS_FLAGS = (
    "warehouse", "data_dir", "connect_timeout", "read_timeout", "total_timeout", "concurrency",
    "per_host_concurrency", "max_body_bytes", "fail_on", "data_docs", "seeds_dir", "lock_timeout",
    "busy_timeout", "publish",
)  # fmt: skip
SERVE_API_WAIT_SECONDS = 180.0  # `dnw serve` started together with `prefect server start` (~15 s)
READ_RETRY_SECONDS = 30.0  # operator reads of the live file wait this long for a load to finish
T = TypeVar("T")


class UsageError(Exception):
    """Bad command-line input discovered after argparse (exit 2)."""


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings (flag > DNW_* environment variable > default)")
    group.add_argument("--warehouse", type=Path, help="warehouse file [DNW_WAREHOUSE; data/warehouse.duckdb]")
    group.add_argument("--data-dir", type=Path, help="landing zone and outputs [DNW_DATA_DIR; ./data]")
    group.add_argument("--connect-timeout", type=float, help="seconds [DNW_CONNECT_TIMEOUT; 10]")
    group.add_argument("--read-timeout", type=float, help="seconds between bytes [DNW_READ_TIMEOUT; 30]")
    group.add_argument("--total-timeout", type=float, help="seconds per feed [DNW_TOTAL_TIMEOUT; 60]")
    group.add_argument("--concurrency", type=int, help="feeds fetched at once [DNW_CONCURRENCY; 16]")
    group.add_argument("--per-host-concurrency", type=int, help="per host [DNW_PER_HOST_CONCURRENCY; 2]")
    group.add_argument("--max-body-bytes", type=int, help="body size limit [DNW_MAX_BODY_BYTES; 10 MiB]")
    group.add_argument(
        "--fail-on", help="comma-separated warning rules that fail the run [DNW_FAIL_ON; none]", default=None
    )
    group.add_argument(
        "--no-data-docs", dest="data_docs", action="store_const", const=False, default=None,
        help="skip great-expectations Data Docs [DNW_DATA_DOCS; on]",
    )  # fmt: skip
    group.add_argument(
        "--seeds-dir", type=Path, help="reference CSVs [DNW_SEEDS_DIR; bundled warehouse/seeds]"
    )
    group.add_argument(
        "--lock-timeout",
        type=float,
        help="seconds to wait for another run's writer lock [DNW_LOCK_TIMEOUT; 600]",
    )
    group.add_argument(
        "--busy-timeout", type=float,
        help="seconds to retry the load while a reader holds the warehouse file [DNW_BUSY_TIMEOUT; 300]",
    )  # fmt: skip
    group.add_argument(
        "--no-publish", dest="publish", action="store_const", const=False, default=None,
        help="skip the Parquet exports and snapshot after the load [DNW_PUBLISH; on]",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Defense-news warehouse: feeds in, facts out, in DuckDB.",
        epilog="exit codes: 0 completed (failed feeds are reported), 1 pipeline failed, 2 usage/config error",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="run the ingest flow once and print a per-feed summary")
    run.add_argument("--feeds", type=Path, help=f"feeds file (TOML) [DNW_FEEDS; {DEFAULT_FEEDS}]")
    run.add_argument("--refetch", action="store_true", help="ignore stored ETag/Last-Modified/body hashes")
    run.add_argument(
        "--all", dest="all_feeds", action="store_true", help="fetch every enabled feed, due or not"
    )
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    _settings_arguments(run)

    demo = sub.add_parser(
        "demo", help="serve the bundled demo feeds on 127.0.0.1 and run the pipeline on them"
    )
    demo.add_argument("--feeds", type=Path, default=DEMO_FEEDS, help=f"demo feeds file [{DEMO_FEEDS}]")
    demo.add_argument("--samples-dir", type=Path, default=DEMO_DIR, help=f"files to serve [{DEMO_DIR}]")
    demo.add_argument("--refetch", action="store_true", help="ignore stored ETag/Last-Modified/body hashes")
    demo.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    _settings_arguments(demo)

    sql = sub.add_parser("sql", help="run a SQL query against the published snapshot (read-only)")
    sql.add_argument("query", help='the SQL text, e.g. "select count(*) from marts.articles"')
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    sql.add_argument(
        "--live", action="store_true",
        help="read the live warehouse file instead of the snapshot (blocks the pipeline's load while open)",
    )  # fmt: skip
    sql.add_argument("--warehouse", type=Path, help="read this DuckDB file instead of the snapshot")
    sql.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")

    evaluate = sub.add_parser("eval", help="score fact extraction against the labeled gold set")
    evaluate.add_argument("--gold", type=Path, help="gold JSONL file [tests/extraction/gold.jsonl]")
    evaluate.add_argument("--errors", action="store_true", help="list false positives and negatives")
    evaluate.add_argument("--speed", action="store_true", help="also measure extraction speed (rows/s)")

    feeds = sub.add_parser("feeds", help="list, add, enable/disable feeds; health; OPML import/export")
    fsub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    flist = fsub.add_parser("list", help="feeds of the feeds file with their polling state")
    fadd = fsub.add_parser("add", help="subscribe to a feed (appends to the feeds file)")
    fadd.add_argument("name", help="short name: lowercase letters, digits, '.', '_', '-'")
    fadd.add_argument("url", help="feed URL (http or https)")
    fadd.add_argument("--publisher", required=True, help="publisher shown in marts.articles")
    fadd.add_argument("--language", help="ISO 639-1 code when the feed declares none")
    fadd.add_argument("--tags", default="", help="comma-separated tags")
    fdisable = fsub.add_parser("disable", help="stop polling a feed (enabled = false)")
    fdisable.add_argument("name")
    fenable = fsub.add_parser("enable", help="poll a feed again, also one marked gone")
    fenable.add_argument("name")
    fhealth = fsub.add_parser("health", help="marts.feed_health: state, staleness, 7-day error and 304 rates")
    fimport = fsub.add_parser("import-opml", help="subscribe to the feeds of an OPML file")
    fimport.add_argument("opml", type=Path, help="OPML file exported by a feed reader")
    fexport = fsub.add_parser("export-opml", help="write the subscriptions as OPML 2.0")
    fexport.add_argument("opml", type=Path, help="file to write")
    for sub_parser in (flist, fadd, fdisable, fenable, fhealth, fimport, fexport):
        sub_parser.add_argument("--feeds", type=Path, help=f"feeds file [DNW_FEEDS; {DEFAULT_FEEDS}]")
        sub_parser.add_argument("--warehouse", type=Path, help="warehouse file [DNW_WAREHOUSE]")
        sub_parser.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")
    for sub_parser in (flist, fhealth):
        sub_parser.add_argument(
            "--format", choices=("table", "csv", "json"), default="table", help="output format"
        )

    quarantine = sub.add_parser("quarantine", help="list, show and retry quarantined rows")
    qsub = quarantine.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    qlist = qsub.add_parser("list", help="quarantined rows, newest first")
    qlist.add_argument("--status", choices=("open", "released", "all"), default="open", help="[open]")
    qlist.add_argument("--stage", choices=("parsed", "entries", "mentions", "money"), help="only this stage")
    qlist.add_argument("--limit", type=int, default=50, help="rows to show [50]")
    qlist.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    qshow = qsub.add_parser("show", help="one quarantined row with its reasons and stored row")
    qshow.add_argument("id", type=int, help="quarantine id (from `dnw quarantine list`)")
    qretry = qsub.add_parser("retry", help="re-validate open quarantined entries with the current rules and "
                             "reference data; load what now passes")  # fmt: skip
    qretry.add_argument("--id", type=int, action="append", dest="ids", help="only this id (repeatable)")
    qretry.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    for sub_parser in (qlist, qshow, qretry):
        sub_parser.add_argument("--warehouse", type=Path, help="warehouse file [DNW_WAREHOUSE]")
        sub_parser.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")
    qretry.add_argument("--seeds-dir", type=Path, help="reference CSVs [DNW_SEEDS_DIR]")

    replay = sub.add_parser("replay", help="rebuild a new warehouse from the landing zone alone (no network)")
    replay.add_argument("--feeds", type=Path, help="feeds file, for feeds whose manifests lack a publisher")
    replay.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    _settings_arguments(replay)

    prune = sub.add_parser(
        "prune", help="delete landed payloads older than N days (replay keeps what is left)"
    )
    prune.add_argument("--keep-days", type=int, required=True, help="days of payloads to keep")
    prune.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")

    publish = sub.add_parser(
        "publish", help="refresh the mart views; write Parquet exports and the read-only snapshot"
    )
    publish.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    _settings_arguments(publish)

    maint = sub.add_parser("maintenance", help="CHECKPOINT the warehouse and apply landing-zone retention")
    maint.add_argument("--keep-days", type=int, help="days of payloads to keep [DNW_KEEP_DAYS; 90]")
    maint.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    _settings_arguments(maint)

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
    _settings_arguments(serve)

    migrate = sub.add_parser("migrate", help="create or upgrade the warehouse schema and views")
    migrate.add_argument(
        "--warehouse", type=Path, help="warehouse file [DNW_WAREHOUSE; data/warehouse.duckdb]"
    )
    migrate.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return resolve_settings({key: getattr(args, key, None) for key in SETTINGS_FLAGS})


@contextlib.contextmanager
def _quiet_prefect(verbose: bool) -> Iterator[None]:
    """Keep Prefect's temporary server from printing shutdown tracebacks on the user's terminal."""
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        yield
        return
    # Our report says what failed per feed; Prefect's own error lines would repeat it with tracebacks.
    os.environ["PREFECT_LOGGING_LEVEL"] = "CRITICAL"
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    try:
        yield
    finally:
        # After the command, Prefect's background workers drain at interpreter exit and some of them log on
        # their own loggers ("EventsWorker - Still processing items"); the report is already printed.
        logging.disable(logging.CRITICAL)


def _run_pipeline(
    feeds: list[Feed], settings: Settings, refetch: bool, verbose: bool, all_feeds: bool
) -> int:
    with _quiet_prefect(verbose):
        from flows.ingest import ingest
        from flows.report import format_summary, format_warehouse

        try:
            summary = ingest(feeds, settings, refetch=refetch, all_feeds=all_feeds)
        except WarehouseBusy as exc:
            print(f"{PROG}: warehouse busy: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:
            reason = str(exc).splitlines()[0] if str(exc) else ""
            hint = "" if verbose else " (run again with -v for details)"
            print(f"{PROG}: pipeline failed: {type(exc).__name__}: {reason}{hint}", file=sys.stderr)
            return 1
        print(format_summary(summary))
        print(format_warehouse(settings.warehouse))
        return 0 if summary.status == "ok" else 1


def cmd_run(args: argparse.Namespace) -> int:
    """`dnw run`."""
    settings = _settings(args)
    feeds = load_feeds(feeds_path(args.feeds))
    return _run_pipeline(feeds, settings, args.refetch, args.verbose, args.all_feeds)


def cmd_demo(args: argparse.Namespace) -> int:
    """`dnw demo`: the loopback server plus one run."""
    from flows.demo import serve_directory

    settings = _settings(args)
    if not args.samples_dir.is_dir():
        raise ConfigError(f"samples directory not found: {args.samples_dir}")
    with serve_directory(args.samples_dir) as base_url:
        feeds = load_feeds(args.feeds, base_url=base_url)
        print(f"serving {len(feeds)} demo feeds from {args.samples_dir} at {base_url}")
        # the demo asks every feed each time: the server's 304 shows the polite path
        return _run_pipeline(feeds, settings, args.refetch, args.verbose, all_feeds=True)


def _reading(call: Callable[[], T]) -> T:
    """Run a short read of the live file; while the pipeline has it open (seconds at a time), retry."""
    from warehouse.lock import retry_while_locked

    return retry_while_locked(call, timeout=READ_RETRY_SECONDS, first_delay=0.5, max_delay=5)


def _print_frame(frame: Any, output: str) -> None:
    import polars as pl

    if output == "csv":
        sys.stdout.write(frame.write_csv())
    elif output == "json":
        buffer = io.StringIO()
        frame.write_json(buffer)
        sys.stdout.write(buffer.getvalue() + "\n")
    else:
        with pl.Config(tbl_rows=200, tbl_cols=50, fmt_str_lengths=80, tbl_width_chars=220):
            print(frame)


def cmd_feeds(args: argparse.Namespace) -> int:
    """`dnw feeds list | add | disable | enable | health | import-opml | export-opml`."""
    from flows import feeds as manage

    settings = _settings(args)
    path = feeds_path(args.feeds)
    action = args.feeds_command
    if action == "list":
        _print_frame(_reading(lambda: manage.feed_table(path, settings.warehouse)), args.format)
    elif action == "add":
        tags = tuple(t.strip() for t in args.tags.split(",") if t.strip())
        feed = Feed(args.name, args.url, args.publisher, args.language, tags)
        manage.add_feed(path, feed)
        print(f"{path}: added {args.name}")
    elif action in ("disable", "enable"):
        manage.set_enabled(path, args.name, action == "enable")
        reset = action == "enable" and manage.reset_state(
            settings.warehouse, args.name, settings.lock_timeout
        )
        print(f"{path}: {args.name} {action}d" + (" (state reset: polled at the next run)" if reset else ""))
    elif action == "health":
        if not settings.warehouse.exists():
            raise ConfigError(f"warehouse not found: {settings.warehouse} (run `dnw run` first)")
        _print_frame(_reading(lambda: manage.feed_health(settings.warehouse)), args.format)
    elif action == "import-opml":
        report = manage.import_opml(path, args.opml)
        print(f"{path}: added {len(report.added)} feed(s), skipped {len(report.skipped)}")
        for line in report.skipped:
            print(f"  skipped: {line}")
    else:
        count = manage.export_opml(path, args.opml)
        print(f"{args.opml}: wrote {count} feed(s)")
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    """`dnw quarantine list | show | retry`."""
    import json

    settings = _settings(args)
    if not settings.warehouse.exists():
        raise ConfigError(f"warehouse not found: {settings.warehouse} (run `dnw run` or `dnw demo` first)")
    if args.quarantine_command == "list":
        from flows.quarantine import list_quarantine

        status = None if args.status == "all" else args.status
        _print_frame(
            _reading(lambda: list_quarantine(settings.warehouse, status, args.stage, args.limit)), args.format
        )
        return 0
    if args.quarantine_command == "show":
        from flows.quarantine import show_quarantine

        row = _reading(lambda: show_quarantine(settings.warehouse, args.id))
        if row is None:
            raise UsageError(f"no quarantine row with id {args.id}")
        print(json.dumps(row, indent=2, default=str, ensure_ascii=False))
        return 0
    with _quiet_prefect(args.verbose):
        from flows.quarantine import retry_quarantine
        from flows.report import format_summary

        summary = retry_quarantine(settings, args.ids)
    print(format_summary(summary))
    return 0 if summary.status == "ok" else 1


def cmd_sql(args: argparse.Namespace) -> int:
    """`dnw sql`: read-only query, printed as a table, CSV or JSON."""
    import duckdb

    from warehouse.db import connect, query_frame

    settings = _settings(args)
    # --warehouse names the file to read; --live the pipeline's file; the default is the published snapshot
    explicit = args.live or args.warehouse is not None
    target = settings.warehouse if explicit else settings.snapshot
    if not explicit and not target.exists() and settings.warehouse.exists():
        print(f"{PROG}: no snapshot at {target} yet (`dnw publish` writes one); reading the live file",
              file=sys.stderr)  # fmt: skip
        target = settings.warehouse
    if not target.exists():
        raise ConfigError(f"warehouse not found: {target} (run `dnw run` or `dnw demo` first)")
    try:
        with connect(target, read_only=True) as con:
            frame = query_frame(con, args.query)
    except duckdb.Error as exc:
        from warehouse.lock import lock_holder

        holder = lock_holder(exc)
        if holder is not None:
            raise WarehouseBusy(
                f"{target} is open for writing by {holder}; query the snapshot instead (without --live)",
                holder,
            ) from None
        raise UsageError(f"query failed: {str(exc).splitlines()[0]}") from None
    _print_frame(frame, args.format)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    """`dnw replay`: every landed run again, into a new warehouse."""
    settings = _settings(args)
    feeds = load_feeds(args.feeds) if args.feeds else None
    if settings.warehouse.exists():
        raise ConfigError(
            f"{settings.warehouse} exists: replay rebuilds a warehouse, move the file away first"
        )
    with _quiet_prefect(args.verbose):
        from flows.replay import replay
        from flows.report import format_warehouse

        summaries = replay(settings, feeds)
    seen = sum(s.entries_seen for s in summaries)
    loaded = sum(s.entries_loaded for s in summaries)
    print(f"replayed {len(summaries)} run(s): {seen} entries seen, {loaded} loaded")
    print(format_warehouse(settings.warehouse))
    return 0 if all(s.status == "ok" for s in summaries) else 1


def cmd_prune(args: argparse.Namespace) -> int:
    """`dnw prune`: landing-zone retention."""
    from flows.fetch import utcnow
    from flows.landing import prune

    if args.keep_days < 0:
        raise UsageError("--keep-days must be 0 or more")
    settings = _settings(args)
    manifests, bodies = prune(settings.landing_dir, args.keep_days, utcnow())
    print(f"{settings.landing_dir}: deleted {manifests} manifest(s) and {bodies} body file(s)")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """`dnw publish`: the publish flow once."""
    settings = _settings(args)
    _export_settings(args)
    with _quiet_prefect(args.verbose):
        from flows.server import scheduled_publish

        result = scheduled_publish(force=True)
    if "skipped" in result:
        raise ConfigError(result["skipped"])
    rows = ", ".join(f"{name} {n}" for name, n in result["exports"].items())
    print(f"published {result['snapshot']} and {len(result['exports'])} Parquet file(s) in "
          f"{settings.exports_dir} in {result['seconds']:.1f} s: {rows}")  # fmt: skip
    return 0


def cmd_maintenance(args: argparse.Namespace) -> int:
    """`dnw maintenance`: the maintenance flow once."""
    _export_settings(args)
    with _quiet_prefect(args.verbose):
        from flows.server import maintenance

        result = maintenance(args.keep_days)
    deleted = f"{result['manifests_deleted']} manifest(s) and {result['bodies_deleted']} body file(s)"
    print(f"checkpointed; kept {result['keep_days']} day(s) of payloads: deleted {deleted}")
    return 0


def _export_settings(args: argparse.Namespace) -> None:
    """Flags become DNW_* variables, so flows that read their settings from the environment (the deployed
    ones, and the flow runs `dnw serve` starts in child processes) see them."""
    settings = _settings(args)  # validates first
    for key in SETTINGS_FLAGS:
        value = getattr(args, key, None)
        if value is not None:
            os.environ[f"DNW_{key.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    os.environ["DNW_WAREHOUSE"] = str(settings.warehouse.resolve())
    os.environ["DNW_DATA_DIR"] = str(settings.data_dir.resolve())


def cmd_serve(args: argparse.Namespace) -> int:
    """`dnw serve`: register the three deployments and run their flow runs until stopped."""
    from datetime import timedelta

    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(
            "PREFECT_API_URL is not set: start `prefect server start` and export "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (a temporary server cannot run schedules)"
        )
    path = feeds_path(args.feeds).resolve()
    load_feeds(path)  # a broken feeds file fails here, not at the first scheduled run
    if args.ingest_every <= 0 or args.publish_every <= 0:
        raise UsageError("--ingest-every and --publish-every must be positive")
    _export_settings(args)
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
    serve_forever(found)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """`dnw migrate`."""
    from warehouse.db import prepare
    from warehouse.lock import writer_lock

    settings = _settings(args)
    with writer_lock(settings.warehouse, settings.lock_timeout):
        applied = prepare(settings.warehouse)
    print(f"{settings.warehouse}: applied {len(applied)} migration(s) {applied or ''}".rstrip())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """`dnw eval`: precision, recall, F1 per entity type and money exact-match rate."""
    import polars as pl

    from flows.evaluation import GOLD, evaluate, extraction_speed, format_evaluation

    gold = args.gold or GOLD
    if not gold.exists():
        raise ConfigError(f"gold file not found: {gold}")
    result = evaluate(gold)
    print(format_evaluation(result, extraction_speed(gold) if args.speed else None))
    if args.errors:
        with pl.Config(tbl_rows=500, fmt_str_lengths=60):
            print(result.errors)
    return 0


COMMANDS: dict[str, Any] = {
    "run": cmd_run,
    "demo": cmd_demo,
    "sql": cmd_sql,
    "eval": cmd_eval,
    "quarantine": cmd_quarantine,
    "feeds": cmd_feeds,
    "replay": cmd_replay,
    "prune": cmd_prune,
    "migrate": cmd_migrate,
    "publish": cmd_publish,
    "maintenance": cmd_maintenance,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dnw` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except (ConfigError, UsageError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except WarehouseBusy as exc:
        print(f"{PROG}: warehouse busy: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
