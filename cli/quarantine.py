"""`dnw quarantine list | show | retry`: read the quarantine, and re-validate it after a fix."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import Subcommands, location_arguments, print_frame, quiet_prefect, reading, settings_from
from core.errors import ConfigError, UsageError
from core.report import format_summary
from warehouse.quarantine import list_quarantine, show_quarantine


def register(sub: Subcommands) -> None:
    """Add the `quarantine` command group."""
    quarantine = sub.add_parser("quarantine", help="list, show and retry quarantined rows")
    qsub = quarantine.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    qlist = qsub.add_parser("list", help="quarantined rows, newest first")
    qlist.add_argument("--status", choices=("open", "released", "all"), default="open", help="[open]")
    qlist.add_argument(
        "--stage", choices=("parsed", "entries", "mentions", "money", "deals"), help="only this stage"
    )
    qlist.add_argument("--limit", type=int, default=50, help="rows to show [50]")
    qlist.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    qshow = qsub.add_parser("show", help="one quarantined row with its reasons and stored row")
    qshow.add_argument("id", type=int, help="quarantine id (from `dnw quarantine list`)")
    qretry = qsub.add_parser("retry", help="re-validate open quarantined entries with the current rules and "
                             "reference data; load what now passes")  # fmt: skip
    qretry.add_argument("--id", type=int, action="append", dest="ids", help="only this id (repeatable)")
    qretry.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own log lines")
    for sub_parser in (qlist, qshow, qretry):
        location_arguments(sub_parser)
    qretry.add_argument("--seeds-dir", type=Path, help="reference CSVs [DNW_SEEDS_DIR]")
    quarantine.set_defaults(handler=cmd_quarantine)


def cmd_quarantine(args: argparse.Namespace) -> int:
    """Run one `dnw quarantine` action."""
    settings = settings_from(args)
    if not settings.warehouse.exists():
        raise ConfigError(f"warehouse not found: {settings.warehouse} (run `dnw run` or `dnw demo` first)")
    if args.quarantine_command == "list":
        status = None if args.status == "all" else args.status
        frame = reading(lambda: list_quarantine(settings.warehouse, status, args.stage, args.limit))
        print_frame(frame, args.format)
        return 0
    if args.quarantine_command == "show":
        row = reading(lambda: show_quarantine(settings.warehouse, args.id))
        if row is None:
            raise UsageError(f"no quarantine row with id {args.id}")
        print(json.dumps(row, indent=2, default=str, ensure_ascii=False))
        return 0
    with quiet_prefect(args.verbose):
        from flows.retry import retry_quarantine

        summary = retry_quarantine(settings, args.ids)
    print(format_summary(summary))
    return 0 if summary.ok else 1
