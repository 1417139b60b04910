"""`dnw sql`: a read-only query against the published snapshot (or a named DuckDB file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import PROG, Subcommands, print_frame, settings_from
from core.errors import ConfigError, UsageError, WarehouseBusy


def register(sub: Subcommands) -> None:
    """Add `sql`."""
    sql = sub.add_parser("sql", help="run a SQL query against the published snapshot (read-only)")
    sql.add_argument("query", help='the SQL text, e.g. "select count(*) from marts.articles"')
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    sql.add_argument(
        "--live", action="store_true",
        help="read the live warehouse file instead of the snapshot (blocks the pipeline's load while open)",
    )  # fmt: skip
    sql.add_argument("--warehouse", type=Path, help="read this DuckDB file instead of the snapshot")
    sql.add_argument("--data-dir", type=Path, help="data directory [DNW_DATA_DIR; ./data]")
    sql.set_defaults(handler=cmd_sql)


def cmd_sql(args: argparse.Namespace) -> int:
    """Run the query, printed as a table, CSV or JSON."""
    import duckdb

    from warehouse.db import connect, query_frame
    from warehouse.lock import lock_holder

    settings = settings_from(args)
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
        holder = lock_holder(exc)
        if holder is not None:
            raise WarehouseBusy(
                f"{target} is open for writing by {holder}; query the snapshot instead (without --live)",
                holder,
            ) from None
        raise UsageError(f"query failed: {str(exc).splitlines()[0]}") from None
    print_frame(frame, args.format)
    return 0
