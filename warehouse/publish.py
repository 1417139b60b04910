"""Publish the warehouse for readers: Parquet files of the marts and a read-only DuckDB snapshot.

BI tools and analysts never open the live file (DuckDB lets one process write it and locks everyone else
out while any process has it open). They read what this module publishes under the data dir:

* ``exports/<mart>.parquet``: one file per mart view, plus ``exports/_published.json`` (when, which run,
  row counts);
* ``snapshot/warehouse.duckdb``: every mart materialized as a table, the ops and quality tables and the
  reference dimensions (core.dim_*), written with ``STORAGE_VERSION 'v1.0.0'`` so DuckDB 1.x readers
  (many BI drivers bundle one) can open it. Each mart is computed once, into the snapshot, and its Parquet
  file is exported from that table; a mart that reads other marts (the deal aggregates read deals, most
  read articles) reads their snapshot tables instead of computing their views again.

Every file is written under a temporary name in the same folder, synced, then renamed over the old one: a
reader sees the previous complete file or the new complete file, never a half-written one. A reader that
has the old snapshot open keeps reading the old copy until it reconnects.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from core.errors import PublishError
from warehouse import faults
from warehouse.db import IDENTIFIER_RE, MODEL_REF_RE, connect, model_files, sql_text

SNAPSHOT_STORAGE = "v1.0.0"  # what DuckDB 1.x readers (many BI drivers) open; checked with 1.1.3 and 1.4.5
MANIFEST = "_published.json"


@dataclass(frozen=True)
class Published:
    """What one publish wrote."""

    exports: dict[str, int]  # mart name -> rows
    snapshot: Path
    snapshot_bytes: int
    seconds: float
    report: Path | None = None  # the HTML report written from the snapshot (None: not written)


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    rows = con.execute(sql_text("select_published_relations")).fetchall()
    for schema, name, _ in rows:  # names are interpolated into statements below: only plain identifiers
        if not (IDENTIFIER_RE.match(schema) and IDENTIFIER_RE.match(name)):
            raise PublishError(f"refusing to publish a relation with an unusual name: {schema}.{name}")
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def _clear_leftovers(folder: Path) -> None:
    """Temporary files of a publish that crashed (we hold the writer lock: nobody else writes here)."""
    for leftover in folder.glob(".*.tmp*"):
        leftover.unlink(missing_ok=True)


def _export(con: duckdb.DuckDBPyConnection, relation: str, exports: Path, name: str) -> None:
    """One Parquet file from a (materialized) relation: temporary name, fsync, rename."""
    tmp = exports / f".{name}.parquet.tmp"
    con.execute(f"copy (select * from {relation}) to {_quote(tmp)} (format parquet, compression zstd)")
    _fsync(tmp)
    faults.point("publish_parquet")
    os.replace(tmp, exports / f"{name}.parquet")


def _materialized_marts(relations: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(mart, select statement) in model order, each reading the marts before it from the snapshot's tables
    instead of their views: a mart that several others read (deals, articles) is computed once per publish,
    not once per reader."""
    published = {name for schema, name, kind in relations if schema == "marts" and kind == "view"}
    done: set[str] = set()
    ordered: list[tuple[str, str]] = []
    for schema, name, path in model_files():
        if schema != "marts" or name not in published:
            continue
        body = path.read_text(encoding="utf-8").strip().rstrip(";")

        def snapshot_ref(match: re.Match[str]) -> str:
            layer, model = match.group(1), match.group(2)
            return f"publish_snapshot.marts.{model}" if layer == "marts" and model in done else match.group(0)

        ordered.append((name, MODEL_REF_RE.sub(snapshot_ref, body)))
        done.add(name)
    missing = published - done
    if missing:  # a mart view with no model file (made by hand): publish it as it is
        ordered += [(name, f"select * from marts.{name}") for name in sorted(missing)]
    return ordered


def publish_all(
    con: duckdb.DuckDBPyConnection, exports: Path, snapshot: Path, run_id: str | None
) -> tuple[dict[str, int], int]:
    """Write the snapshot (marts materialized once, as tables) and export each mart from that table.

    Returns (rows per mart, snapshot size in bytes).
    """
    exports.mkdir(parents=True, exist_ok=True)
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(exports)
    _clear_leftovers(snapshot.parent)
    tmp = snapshot.with_name(f".{snapshot.name}.tmp")
    relations = _relations(con)
    rows: dict[str, int] = {}
    con.execute(f"attach {_quote(tmp)} as publish_snapshot (storage_version '{SNAPSHOT_STORAGE}')")
    try:
        for schema in sorted({schema for schema, _, _ in relations}):
            con.execute(f"create schema if not exists publish_snapshot.{schema}")
        for schema, name, kind in relations:
            if kind == "table":
                con.execute(f"create table publish_snapshot.{schema}.{name} as select * from {schema}.{name}")
        marts = _materialized_marts(relations)
        for index, (name, select) in enumerate(marts):
            target = f"publish_snapshot.marts.{name}"
            con.execute(f"create table {target} as\n{select}")
            _export(con, target, exports, name)
            rows[name] = int(con.execute(f"select count(*) from {target}").fetchone()[0])  # type: ignore[index]
            if index == len(marts) // 2:
                faults.point("publish_snapshot")
        con.execute("checkpoint publish_snapshot")
    finally:
        con.execute("detach publish_snapshot")
    wal = tmp.with_name(tmp.name + ".wal")
    if wal.exists():  # the checkpoint above should leave none; a WAL beside a renamed file would be lost
        raise PublishError(f"snapshot not fully checkpointed: {wal} exists")
    _fsync(tmp)
    os.replace(tmp, snapshot)
    manifest = {
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run_id,
        "snapshot": str(snapshot),
        "rows": rows,
    }
    tmp_manifest = exports / f".{MANIFEST}.tmp"
    tmp_manifest.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp_manifest, exports / MANIFEST)
    return rows, snapshot.stat().st_size


def published_at(exports: Path) -> datetime | None:
    """When the current exports and snapshot were published (None: never, or unreadable)."""
    try:
        data = json.loads((exports / MANIFEST).read_text(encoding="utf-8"))
        return datetime.fromisoformat(data["published_at"])
    except (OSError, ValueError, KeyError):
        return None


def publish(warehouse: Path, exports: Path, snapshot: Path, run_id: str | None) -> Published:
    """Parquet exports and the snapshot from the live warehouse (the caller holds the writer lock)."""
    import time

    began = time.perf_counter()
    with connect(warehouse) as con:
        rows, size = publish_all(con, exports, snapshot, run_id)
    return Published(rows, snapshot, size, time.perf_counter() - began)
