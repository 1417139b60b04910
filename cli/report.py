"""`dnw report`: the offline HTML report of the published snapshot."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cli.common import Subcommands, settings_from
from core.clock import utcnow
from core.errors import ConfigError


def register(sub: Subcommands) -> None:
    """Add `report`."""
    report = sub.add_parser(
        "report", help="write the HTML report of the published snapshot (one offline file, charts as SVG)"
    )
    report.add_argument("--out", type=Path, help="file to write [<data dir>/reports/latest.html]")
    report.add_argument(
        "--days", type=int, default=None, help="days the report covers, up to the newest article [30]"
    )
    report.add_argument(
        "--warehouse", type=Path, help="a published snapshot to read [<data dir>/snapshot/warehouse.duckdb]"
    )
    report.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")
    report.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Read the snapshot, render, write atomically; print where the file is."""
    from warehouse.html_report import DEFAULT_DAYS, LATEST, write_report

    days = DEFAULT_DAYS if args.days is None else args.days
    if days < 1:
        raise ConfigError("--days must be 1 or more")
    # --warehouse is what to read here, never the live file by default: the snapshot is for readers
    settings = settings_from(argparse.Namespace(data_dir=args.data_dir))
    snapshot = args.warehouse or settings.snapshot
    if not snapshot.exists():
        raise ConfigError(f"no published snapshot at {snapshot} (`dnw publish` or `dnw run` writes one)")
    out = args.out or settings.data_dir / "reports" / LATEST
    began = time.perf_counter()
    write_report(snapshot, out, utcnow(), days)
    size = out.stat().st_size
    print(f"report: {out} ({size / 1024:.0f} KiB, {time.perf_counter() - began:.2f} s; open it in a browser)")
    return 0
