"""Connections, versioned migrations and model (view) refresh for the DuckDB warehouse."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl

from core.errors import ConfigError, MigrationError

HERE = Path(str(files("warehouse")))  # package data: migrations, models and statements
MIGRATIONS_DIR = HERE / "migrations"
MODELS_DIR = HERE / "models"
SQL_DIR = HERE / "sql"
MODEL_LAYERS = ("staging", "marts")  # staging first: marts select from staging views
MIGRATION_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
IDENTIFIER_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# DuckDB's own defaults are 80% of the machine's RAM and every core, for each process that opens the file. A
# pipeline that shares its machine (Prefect, parse workers, readers) sets both; past the memory limit DuckDB
# spills what it can to a temporary folder beside the file. Not lower by default: a commit that cannot get
# memory fails (a 1 GB limit failed to commit 80M mention rows at once; it also halved the speed of a
# 10M-article publish while cutting its peak RSS from 7.5 to 1.3 GB).
MEMORY_LIMIT_ENV, THREADS_ENV = "DNW_DUCKDB_MEMORY_LIMIT", "DNW_DUCKDB_THREADS"
MEMORY_SHARE = 0.25  # of the machine's RAM, when DNW_DUCKDB_MEMORY_LIMIT is not set
SIZE_RE = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _default_memory_limit() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{max(256, int(total * MEMORY_SHARE / 2**20))}MB"


def duckdb_config() -> dict[str, str | bool | int | float | list[str]]:
    """Connection settings: no extension installs or loads at run time, the memory limit
    (``DNW_DUCKDB_MEMORY_LIMIT``, a DuckDB size such as "1GB" or "500MB"; default a quarter of the RAM) and
    the worker threads (``DNW_DUCKDB_THREADS``; default the cores this process may run on)."""
    threads = os.environ.get(THREADS_ENV, "").strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "memory_limit": os.environ.get(MEMORY_LIMIT_ENV, "").strip() or _default_memory_limit(),
        "threads": int(threads) if threads else cores,
    }


@dataclass(frozen=True)
class Migration:
    """One versioned .sql file."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """SHA-256 of the file's text, to notice edits to applied migrations."""
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def memory_budget(variable: str, default: str) -> str:
    """A stage's DuckDB memory limit from the environment ``variable`` (a size such as "300MB"; "0" or
    "none": the connection's own limit, returned as "")."""
    value = os.environ.get(variable, "").strip() or default
    if value.lower() in ("0", "none"):
        return ""
    if not SIZE_RE.match(value):
        raise ConfigError(f"{variable}={value!r}: expected a size such as 300MB or 2GB, or none")
    return value


def within_budget(con: duckdb.DuckDBPyConnection, budget: str, stage: str, work: Callable[[], T]) -> T:
    """``work`` with DuckDB's memory limited to ``budget`` (past it DuckDB spills beside the file); work that
    runs out of memory within it is done again at the full limit (logged), which is back afterwards either
    way: the instance may serve other connections of this process. ``work`` must be repeatable after a
    failure (e.g. one transaction, rolled back)."""
    if not budget:
        return work()
    con.execute(f"set memory_limit = '{budget}'")
    try:
        return work()
    except duckdb.OutOfMemoryException as exc:
        logger.warning("%s: out of memory within %s (%s); again at %s", stage, budget, exc, _full_limit())
        con.execute(f"set memory_limit = '{_full_limit()}'")
        return work()
    finally:
        con.execute(f"set memory_limit = '{_full_limit()}'")


def _full_limit() -> str:
    return str(duckdb_config()["memory_limit"])


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> pl.DataFrame:
    """Run a query and return its result as a polars frame (an empty frame for a statement that returns no
    rows). Read through the Arrow stream interface, not DuckDB's ``.pl()``, which converts through pyarrow:
    the same frames without importing pyarrow and numpy (0.1 s of every `dnw` process that reads the file)."""
    relation = con.sql(sql, params=params or None)
    return pl.DataFrame() if relation is None else pl.DataFrame(relation)


class ArrowStream:
    """A frame as an Arrow stream for DuckDB to read (``con.register``, a replacement scan), without a copy:
    polars exports its own string views as they are, which DuckDB reads (``to_arrow()`` would copy every
    string into a large_string, 150 MB for a 50,000-article batch), and without pyarrow."""

    __slots__ = ("frame",)

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.frame.__arrow_c_stream__(requested_schema)


# Frames of at least this many rows reach DuckDB as a pyarrow table, which DuckDB scans column by column and
# in parallel; a stream is read whole at each statement that reads it, which raised a cold run's peak by
# ~50 MB (its 50,000 articles). The small frames of a run where every feed answers 304 stay streams.
STREAM_MAX_ROWS = 10_000


def arrow_table(frame: pl.DataFrame) -> Any:
    """``frame`` for DuckDB to read: an :class:`ArrowStream` when it is small, else a pyarrow table (imported
    then), both without copying the strings (``compat_level`` newest: polars' own string views)."""
    if frame.height < STREAM_MAX_ROWS:
        return ArrowStream(frame)
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def sql_text(name: str) -> str:
    """The text of a statement file in warehouse/sql/."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


# Rows per row group that connections writing the warehouse use (DuckDB's default: 122,880). A transaction's
# new rows wait uncompressed in memory until a row group is full, and the commit's checkpoint compresses the
# rest on one core: a cold run's 50,000-article load never filled one, so its commit compressed every row at
# once while holding them all (1.0-1.2 s of a 1.9-2.1 s load). With 16,384 each full group is compressed and
# written during the statements (a rollback or crash leaves it unreferenced). Every writer must use the same
# size: a checkpoint at another size merges the groups of every table and compresses them again.
ROW_GROUP_SIZE = 16_384
_SHARED: dict[str, tuple[duckdb.DuckDBPyConnection, str, list[int]]] = {}  # path -> instance, catalog, users
_SHARED_LOCK = threading.Lock()


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection to the warehouse file, closed on exit.

    A writing connection attaches the file to an in-memory DuckDB instance with :data:`ROW_GROUP_SIZE` (DuckDB
    takes a row group size only when it attaches a file), under its stem as catalog name (as a plain
    ``duckdb.connect`` names it). Connections of one process to the same file share that instance, as
    ``duckdb.connect`` shares its own; the last to close closes it (the checkpoint on close, the file's lock).
    """
    if read_only:
        con = duckdb.connect(str(path), read_only=True, config=duckdb_config())
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = _writer(path)
    try:
        con.execute("set TimeZone = 'UTC'")
        con.execute("set enable_progress_bar = false")  # a long publish would draw its own bar over the run's
        yield con
    finally:
        con.close()
        if not read_only:
            _release(path)


def _writer(path: Path) -> duckdb.DuckDBPyConnection:
    key = str(path.resolve())
    with _SHARED_LOCK:
        if key not in _SHARED:
            # an in-memory instance would spill to ./.tmp: where the file's own instance spills instead
            instance = duckdb.connect(config={**duckdb_config(), "temp_directory": f"{path}.tmp"})
            name = path.stem if path.stem not in ("memory", "system", "temp") else "warehouse"
            try:
                quoted = "'" + str(path).replace("'", "''") + "'"
                instance.execute(f'attach {quoted} as "{name}" (row_group_size {ROW_GROUP_SIZE})')
            except BaseException:
                instance.close()
                raise
            _SHARED[key] = (instance, name, [0])
        instance, name, users = _SHARED[key]
        con = instance.cursor()
        users[0] += 1
    try:
        con.execute(f'use "{name}"')
    except BaseException:
        con.close()
        _release(path)
        raise
    return con


def _release(path: Path) -> None:
    key = str(path.resolve())
    with _SHARED_LOCK:
        instance, _, users = _SHARED[key]
        users[0] -= 1
        if users[0] == 0:
            del _SHARED[key]
            instance.close()


def discover_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migration files in version order; names must look like 0001_init.sql."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = MIGRATION_RE.match(path.name)
        if not match:
            raise MigrationError(f"migration file name not of the form NNNN_name.sql: {path.name}")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise MigrationError("two migration files share a version number")
    return found


def migrate(con: duckdb.DuckDBPyConnection, migrations: list[Migration] | None = None) -> list[int]:
    """Apply pending migrations, each in its own transaction; return the versions applied now."""
    migrations = discover_migrations() if migrations is None else migrations
    con.execute("create schema if not exists ops")
    con.execute(
        "create table if not exists ops.schema_migrations ("
        " version integer primary key, name varchar not null, checksum varchar not null,"
        " applied_at timestamptz not null default current_timestamp)"
    )
    applied = dict(con.execute("select version, checksum from ops.schema_migrations").fetchall())
    done: list[int] = []
    for migration in migrations:
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                raise MigrationError(
                    f"migration {migration.version:04d}_{migration.name} changed after it was applied; "
                    "add a new migration instead of editing an applied one"
                )
            continue
        con.execute("begin transaction")
        try:
            con.execute(migration.sql)
            con.execute(
                "insert into ops.schema_migrations (version, name, checksum) values (?, ?, ?)",
                [migration.version, migration.name, migration.checksum],
            )
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise MigrationError(f"migration {migration.version:04d}_{migration.name} failed: {exc}") from exc
        done.append(migration.version)
    return done


MODEL_REF_RE = re.compile(r"\b(staging|marts)\.([a-z_][a-z0-9_]*)")


def model_files() -> list[tuple[str, str, Path]]:
    """(schema, view name, path) for every model, ordered so that each comes after the models it reads."""
    models: dict[str, tuple[str, str, Path]] = {}
    for layer in MODEL_LAYERS:
        for path in sorted((MODELS_DIR / layer).glob("*.sql")):
            if not IDENTIFIER_RE.match(path.stem):
                raise MigrationError(f"model file name is not a plain identifier: {path}")
            models[f"{layer}.{path.stem}"] = (layer, path.stem, path)
    depends = {
        name: {f"{a}.{b}" for a, b in MODEL_REF_RE.findall(path.read_text(encoding="utf-8"))} - {name}
        for name, (_, _, path) in models.items()
    }
    ordered: list[tuple[str, str, Path]] = []
    done: set[str] = set()
    while len(done) < len(models):
        ready = [n for n in models if n not in done and depends[n] & set(models) <= done]
        if not ready:
            raise MigrationError(f"models depend on each other in a cycle: {sorted(set(models) - done)}")
        for name in ready:  # insertion order keeps staging first, alphabetical within a layer
            ordered.append(models[name])
            done.add(name)
    return ordered


def _model_views(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select schema_name || '.' || view_name from duckdb_views()"
        " where database_name = current_database() and schema_name in ('staging', 'marts')"
    ).fetchall()
    return {str(row[0]) for row in rows}


def schema_digest(con: duckdb.DuckDBPyConnection) -> hashlib._Hash:
    """A SHA-256 begun with the applied migrations, for the digests of what a run keeps when nothing changed
    (``ops.model_state``, ``ops.seed_state``): a new migration invalidates them all."""
    digest = hashlib.sha256()
    for (version,) in sorted(con.execute("select version from ops.schema_migrations").fetchall()):
        digest.update(f"migration {version}\n".encode())
    return digest


def refresh_models(con: duckdb.DuckDBPyConnection, force: bool = False) -> list[str]:
    """(Re)create every model view from its .sql file in one transaction; return the qualified names.

    Skipped (unless ``force``) when the views were last created from the same model files under the same
    applied migrations (``ops.model_state``) and all of them still exist."""
    models = [
        (schema, name, path.read_text(encoding="utf-8").strip().rstrip(";"))
        for schema, name, path in model_files()
    ]
    names = [f"{schema}.{name}" for schema, name, _ in models]
    digest = schema_digest(con)
    for qualified, (_, _, body) in zip(names, models, strict=True):
        digest.update(f"{qualified}\n{body}\n".encode())
    state = con.execute("select digest from ops.model_state").fetchall()
    if not force and state == [(digest.hexdigest(),)] and set(names) <= _model_views(con):
        return names
    con.execute("begin transaction")
    try:
        for schema, name, body in models:
            # Identifiers come from checked file names, never from data.
            con.execute(f"create or replace view {schema}.{name} as\n{body}")
        con.execute("delete from ops.model_state")
        con.execute("insert into ops.model_state values (?, now())", [digest.hexdigest()])
        con.execute("commit")
    except duckdb.Error:
        con.execute("rollback")
        raise
    return names


def prepare(path: Path) -> list[int]:
    """Create or upgrade the warehouse file and its model views; return migrations applied now."""
    with connect(path) as con:
        return prepare_open(con)


def prepare_open(con: duckdb.DuckDBPyConnection) -> list[int]:
    """:func:`prepare` on an open connection (that goes on to read the file)."""
    applied = migrate(con)
    refresh_models(con)
    return applied


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the database file (nightly maintenance; DuckDB also does it on close)."""
    with connect(path) as con:
        con.execute("force checkpoint")
