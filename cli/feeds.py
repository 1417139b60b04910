"""`dnw feeds list | add | disable | enable | health | import-opml | export-opml`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import Subcommands, print_frame, reading, settings_from
from core.errors import ConfigError
from core.feeds import DEFAULT_FEEDS, Feed, check_country, feeds_path
from sources import subscriptions
from warehouse import feeds as state


def register(sub: Subcommands) -> None:
    """Add the `feeds` command group."""
    feeds = sub.add_parser("feeds", help="list, add, enable/disable feeds; health; OPML import/export")
    fsub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    flist = fsub.add_parser("list", help="feeds of the feeds file with their polling state")
    fadd = fsub.add_parser("add", help="subscribe to a feed (appends to the feeds file)")
    fadd.add_argument("name", help="short name: lowercase letters, digits, '.', '_', '-'")
    fadd.add_argument("url", help="feed URL (http or https)")
    fadd.add_argument("--publisher", required=True, help="publisher shown in marts.articles")
    fadd.add_argument("--language", help="ISO 639-1 code when the feed declares none")
    fadd.add_argument(
        "--country", help="publisher's country, ISO 3166-1 alpha-3 (settles 'the Navy' in its articles)"
    )
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
    feeds.set_defaults(handler=cmd_feeds)


def cmd_feeds(args: argparse.Namespace) -> int:
    """Run one `dnw feeds` action."""
    settings = settings_from(args)
    path = feeds_path(args.feeds)
    action = args.feeds_command
    if action == "list":
        table = subscriptions.feeds_frame(path)
        print_frame(reading(lambda: state.feed_table(table, settings.warehouse)), args.format)
    elif action == "add":
        tags = tuple(t.strip() for t in args.tags.split(",") if t.strip())
        country = check_country(args.country, "--country") if args.country else None
        feed = Feed(args.name, args.url, args.publisher, args.language, tags, country=country)
        subscriptions.add_feed(path, feed)
        print(f"{path}: added {args.name}")
    elif action in ("disable", "enable"):
        subscriptions.set_enabled(path, args.name, action == "enable")
        reset = action == "enable" and state.reset_state(settings.warehouse, args.name, settings.lock_timeout)
        print(f"{path}: {args.name} {action}d" + (" (state reset: polled at the next run)" if reset else ""))
    elif action == "health":
        if not settings.warehouse.exists():
            raise ConfigError(f"warehouse not found: {settings.warehouse} (run `dnw run` first)")
        print_frame(reading(lambda: state.feed_health(settings.warehouse)), args.format)
    elif action == "import-opml":
        report = subscriptions.import_opml(path, args.opml)
        print(f"{path}: added {len(report.added)} feed(s), skipped {len(report.skipped)}")
        for line in report.skipped:
            print(f"  skipped: {line}")
    else:
        count = subscriptions.export_opml(path, args.opml)
        print(f"{args.opml}: wrote {count} feed(s)")
    return 0
