"""Publish the warehouse for readers: Parquet files of the marts and a read-only DuckDB snapshot.

BI tools and analysts never open the live file (DuckDB lets one process write it and locks everyone else
out while any process has it open). They read what this module publishes under the data dir:

* ``exports/<mart>.parquet``: one file per mart view, plus ``exports/_published.json`` (when, which run,
  row counts);
* ``snapshot/warehouse.duckdb``: the core, ops and quality tables and every mart materialized as a table,
  written with ``STORAGE_VERSION 'v1.0.0'`` so DuckDB 1.x readers (many BI drivers bundle one) can open it.

Every file is written under a temporary name in the same folder, synced, then renamed over the old one: a
reader sees the previous complete file or the new complete file, never a half-written one. A reader that
has the old snapshot open keeps reading the old copy until it reconnects.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse import faults
from warehouse.db import IDENTIFIER_RE, connect, sql_text

SNAPSHOT_STORAGE = "v1.0.0"  # readable by DuckDB 1.0 and later (the format DuckDB 1.x drivers understand)
MANIFEST = "_published.json"


@dataclass(frozen=True)
class Published:
    """What one publish wrote."""

    exports: dict[str, int]  # mart name -> rows
    snapshot: Path
    snapshot_bytes: int
    seconds: float


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    rows = con.execute(sql_text("select_published_relations")).fetchall()
    for schema, name, _ in rows:  # names are interpolated into statements below: only plain identifiers
        if not (IDENTIFIER_RE.match(schema) and IDENTIFIER_RE.match(name)):
            raise ValueError(f"refusing to publish a relation with an unusual name: {schema}.{name}")
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def _clear_leftovers(folder: Path) -> None:
    """Temporary files of a publish that crashed (we hold the writer lock: nobody else writes here)."""
    for leftover in folder.glob(".*.tmp*"):
        leftover.unlink(missing_ok=True)


def export_parquet(con: duckdb.DuckDBPyConnection, exports: Path, run_id: str | None) -> dict[str, int]:
    """Every mart to ``exports/<mart>.parquet`` (temporary name, then rename); returns rows per mart."""
    exports.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(exports)
    marts = [name for schema, name, kind in _relations(con) if kind == "view" and schema == "marts"]
    rows: dict[str, int] = {}
    for name in marts:
        final = exports / f"{name}.parquet"
        tmp = exports / f".{name}.parquet.tmp"
        con.execute(f"copy (select * from marts.{name}) to {_quote(tmp)} (format parquet, compression zstd)")
        _fsync(tmp)
        faults.point("publish_parquet")
        os.replace(tmp, final)
        rows[name] = int(con.execute(f"select count(*) from read_parquet({_quote(final)})").fetchone()[0])  # type: ignore[index]
    manifest = {
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run_id,
        "rows": rows,
    }
    tmp = exports / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp, exports / MANIFEST)
    return rows


def write_snapshot(con: duckdb.DuckDBPyConnection, snapshot: Path) -> int:
    """A self-contained copy of the warehouse (marts as tables) at ``snapshot``; returns its size in bytes."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(snapshot.parent)
    tmp = snapshot.with_name(f".{snapshot.name}.tmp")
    con.execute(f"attach {_quote(tmp)} as publish_snapshot (storage_version '{SNAPSHOT_STORAGE}')")
    try:
        relations = _relations(con)
        for schema in sorted({schema for schema, _, _ in relations}):
            con.execute(f"create schema if not exists publish_snapshot.{schema}")
        for index, (schema, name, _) in enumerate(relations):
            con.execute(f"create table publish_snapshot.{schema}.{name} as select * from {schema}.{name}")
            if index == len(relations) // 2:
                faults.point("publish_snapshot")
        con.execute("checkpoint publish_snapshot")
    finally:
        con.execute("detach publish_snapshot")
    wal = tmp.with_name(tmp.name + ".wal")
    if wal.exists():  # the checkpoint above should leave none; a WAL beside a renamed file would be lost
        raise RuntimeError(f"snapshot not fully checkpointed: {wal} exists")
    _fsync(tmp)
    os.replace(tmp, snapshot)
    return snapshot.stat().st_size


def publish(warehouse: Path, exports: Path, snapshot: Path, run_id: str | None) -> Published:
    """Parquet exports and the snapshot from the live warehouse (the caller holds the writer lock)."""
    import time

    began = time.perf_counter()
    with connect(warehouse) as con:
        rows = export_parquet(con, exports, run_id)
        size = write_snapshot(con, snapshot)
    return Published(rows, snapshot, size, time.perf_counter() - began)
