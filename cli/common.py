"""What the command modules share: settings flags, quiet Prefect output, printing frames, reading the live
file while the pipeline may hold it."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import polars as pl

from core.progress import terminal_progress
from core.runtime import (
    PREFECT_DEFERRED_IMPORTS,
    PREFECT_REFUSED_IMPORTS,
    defer_imports,
    refuse_imports,
    without_flow_heartbeat,
)
from core.settings import Settings, resolve_settings
from schemas.suites import check_rule_names
from warehouse.report import WarehouseTotals

PROG = "dnw"
READ_RETRY_SECONDS = 30.0  # operator reads of the live file wait this long for a load to finish
T = TypeVar("T")
Subcommands = argparse._SubParsersAction  # what `add_subparsers` returns: each command module registers on it

# Settings that settings_arguments turns into flags (flag > DNW_* > default)
SETTINGS_FLAGS = (
    "warehouse", "data_dir", "connect_timeout", "read_timeout", "total_timeout", "concurrency",
    "per_host_concurrency", "max_body_bytes", "fail_on", "data_docs", "seeds_dir", "lock_timeout",
    "busy_timeout", "publish", "shards", "work_pool", "shard_stall",
)  # fmt: skip


def settings_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the settings flags of a pipeline command."""
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
    group.add_argument(
        "--shards", type=int, help="fetch and parse the due feeds in N shards split by host [DNW_SHARDS; 1]"
    )
    group.add_argument(
        "--work-pool", help="Prefect work pool whose workers run the shards [DNW_WORK_POOL; none: in-process]"
    )
    group.add_argument(
        "--shard-stall", type=float,
        help="seconds without a heartbeat before a running shard is submitted again [DNW_SHARD_STALL; 120]",
    )  # fmt: skip


def location_arguments(parser: argparse.ArgumentParser) -> None:
    """--warehouse and --data-dir only (operator commands)."""
    parser.add_argument("--warehouse", type=Path, help="warehouse file [DNW_WAREHOUSE]")
    parser.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")


def settings_from(args: argparse.Namespace) -> Settings:
    """Flags over ``DNW_*`` variables over defaults, checked (a bad value exits 2 before anything runs)."""
    settings = resolve_settings({key: getattr(args, key, None) for key in SETTINGS_FLAGS})
    check_rule_names(settings.fail_on)
    check_memory_budgets()
    return settings


def check_memory_budgets() -> None:
    """The load's and the publish's DuckDB budgets are sizes or none (a ConfigError now, not after the run has
    fetched and parsed everything)."""
    from warehouse.db import memory_budget
    from warehouse.load import LOAD_MEMORY_DEFAULT, LOAD_MEMORY_ENV
    from warehouse.publish import PUBLISH_MEMORY_DEFAULT, PUBLISH_MEMORY_ENV

    memory_budget(LOAD_MEMORY_ENV, LOAD_MEMORY_DEFAULT)
    memory_budget(PUBLISH_MEMORY_ENV, PUBLISH_MEMORY_DEFAULT)


@contextlib.contextmanager
def quiet_prefect(verbose: bool) -> Iterator[None]:
    """Keep Prefect's temporary server from printing shutdown tracebacks on the user's terminal, and show
    live progress there instead (only on a terminal: core/progress.py). ``verbose``: Prefect's own log lines
    instead of the progress line. Flow runs inside end without waiting for Prefect's heartbeat thread
    (core/runtime.py)."""
    defer_imports(PREFECT_DEFERRED_IMPORTS)  # before Prefect's import, which the context below begins
    refuse_imports(*PREFECT_REFUSED_IMPORTS)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        with without_flow_heartbeat():
            yield
        return
    # Our report says what failed per feed; Prefect's own error lines would repeat it with tracebacks.
    os.environ["PREFECT_LOGGING_LEVEL"] = "CRITICAL"
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    try:
        with terminal_progress(), without_flow_heartbeat():
            yield
    finally:
        # After the command, Prefect's background workers drain at interpreter exit and some of them log on
        # their own loggers ("EventsWorker - Still processing items"); the report is already printed.
        logging.disable(logging.CRITICAL)


def reading(call: Callable[[], T]) -> T:
    """Run a short read of the live file; while the pipeline has it open (seconds at a time), retry."""
    from warehouse.lock import retry_while_locked

    return retry_while_locked(call, timeout=READ_RETRY_SECONDS, first_delay=0.5, max_delay=5)


def print_frame(frame: pl.DataFrame, output: str) -> None:
    """A frame as a table, CSV or JSON on stdout."""
    if output == "csv":
        sys.stdout.write(frame.write_csv())
    elif output == "json":
        buffer = io.StringIO()
        frame.write_json(buffer)
        sys.stdout.write(buffer.getvalue() + "\n")
    else:
        with pl.Config(tbl_rows=200, tbl_cols=50, fmt_str_lengths=80, tbl_width_chars=220):
            print(frame)


def _usd(value: float) -> str:
    """$11.8B, $431M, $950K."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"${value / size:.3g}{suffix}"
    return f"${value:,.0f}"


def format_totals(totals: WarehouseTotals) -> str:
    """What the warehouse holds, in two lines."""
    lines = [
        f"warehouse {totals.path}: {totals.articles} articles from {totals.publishers} publishers; "
        f"{totals.quarantined} entries in quality.quarantine"
    ]
    if totals.top_entities:
        lines.append("top entities: " + "; ".join(f"{k} {name} ({n})" for k, name, n in totals.top_entities))
    if totals.deals:
        stages = ", ".join(f"{stage} {n}" for stage, n in totals.deal_stages)
        lines.append(f"deals: {totals.deal_groups} deals in {totals.deals} reports ({stages})")
        for label, value in totals.largest_deals:
            lines.append(f"  {_usd(value):>9}  {label}")
    return "\n".join(lines)
