"""Publish the warehouse for readers, at a cost proportional to what changed since the last publish.

BI tools and analysts never open the live file (DuckDB lets one process write it and locks everyone else
out while any process has it open). They read what this module publishes under the data dir:

* ``snapshot/warehouse.duckdb``: a small reader file, written with ``STORAGE_VERSION 'v1.0.0'`` so DuckDB
  1.x readers (many BI drivers bundle one) can open it. It holds the ops and quality tables and the reference
  dimensions (core.dim_*) as tables, and every mart as a view over the Parquet files of the current
  generation (``read_parquet([...])`` with absolute paths: the data dir must not move between publishes; the
  next publish after a move writes the new paths). ``ops.published_files`` lists those files.
* ``snapshot/files/<mart>/published_month=YYYY-MM/<generation>_<i>.parquet``: the marts' rows, one folder per
  UTC month of the articles (of the day or month for the daily and monthly aggregates; of the story's first
  article for stories); the deal marts and feed health are one file each (``snapshot/files/<mart>/``). A
  file is never rewritten: a publish writes the months that changed under new names.
* ``exports/<mart>/published_month=YYYY-MM/data_<i>.parquet`` (hive layout) and ``exports/<mart>.parquet``
  for the one-file marts: hard links to the current files, replaced one by one by a rename; plus
  ``exports/_published.json`` (when, which run, rows and files per mart).

Which months changed: every load records, in its own transaction, the months of the articles it touches
(before and after) and whether a deal may have changed (``ops.publish_changes``). A publish computes the
marts of those months only, from copies of the core rows of those months' articles, with the same model
SQL as the live views. Stories are computed for every story with an article in those months (and the months
of all their articles); the deal marts, whose groups span 30-day windows across months, from every article
that states a deal, when a deal may have changed. Feed health is recomputed every time. A first publish, a
changed model, migration or reference data, another warehouse, or a missing or unreadable snapshot gives a
full publish.

The snapshot's rename is the commit: a reader sees the previous complete publish or the new one. A reader
that has the old snapshot open keeps reading it until the next-but-one publish (the previous generation's
files are deleted one publish later). A reader of the hive tree reads each file whole, old or new; a glob
over it taken during a publish may mix months of two publishes (read the files the manifest lists, or the
snapshot, for one consistent publish).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import os
import queue
import re
import secrets
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from core.errors import ConfigError, PublishError
from warehouse import faults
from warehouse.db import (
    IDENTIFIER_RE,
    MODEL_REF_RE,
    connect,
    discover_migrations,
    memory_budget,
    model_files,
    sql_text,
    within_budget,
)

logger = logging.getLogger(__name__)
SNAPSHOT_STORAGE = "v1.0.0"  # what DuckDB 1.x readers (many BI drivers) open; checked with 1.1.3 and 1.4.5
MANIFEST = "_published.json"
LAYOUT = 2  # 1: one Parquet file per mart and every mart a table in the snapshot
FILES = "files"  # beside the snapshot: the marts' Parquet files
PARTITION = "published_month"
WHOLE = "all"  # the partition of a mart published as one file
SCRATCH = "publish_scratch"  # the attached database the marts of a publish are computed in
SNAP = "publish_snapshot"
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
T = TypeVar("T")
# When the changed months hold at least this share of the articles, every mart is computed once from the live
# tables (as in a full publish) instead of copying those months' rows first: on a young warehouse whose
# articles all fall in a month or two, copying them cost more than it saved (50,000 articles: 2.8 s instead
# of 5.7 s).
REWRITE_ALL_SHARE = 0.5
# DuckDB's memory while publishing. A cold 1,000-feed run's process peaked in its publish at 1,006-1,079 MB
# with DuckDB unbounded, at 920-1,010 MB with 400MB (three runs each); the publish took 1.67-2.11 against
# 1.79-2.66 s. Past the budget DuckDB spills to the folder beside the file.
PUBLISH_MEMORY_ENV = "DNW_PUBLISH_MEMORY_LIMIT"
PUBLISH_MEMORY_DEFAULT = "400MB"

# The UTC month of a mart row, as a SQL expression over the mart's columns; ARTICLE: the month of its article
ARTICLE = "article"
MONTH_OF = "strftime(timezone('UTC', {column}), '%Y-%m')"
MONTHLY: dict[str, str] = {
    "articles": MONTH_OF.format(column="published_at"),
    "article_revisions": ARTICLE,
    "entity_mentions": MONTH_OF.format(column="published_at"),
    "money_amounts": ARTICLE,
    "country_co_mentions": MONTH_OF.format(column="published_at"),
    "daily_entity_mentions": "strftime(day, '%Y-%m')",
    "daily_country_pairs": "strftime(day, '%Y-%m')",
    "daily_publisher_articles": "strftime(day, '%Y-%m')",
    "weapon_systems_monthly": "strftime(month, '%Y-%m')",
}
STORIES = {"stories": MONTH_OF.format(column="first_published_at")}
DEALS = ("deals", "deal_groups", "money_by_entity", "deals_by_buyer_month", "deals_by_supplier",
         "deals_by_weapon_family")  # fmt: skip
# How the marts' files are written. Rows per row group: DuckDB's writer holds a row group before it writes
# it, and its default (122,880 rows) held a whole month of articles' texts (a publish of 50,000 articles
# alone: +560-750 MB with the default, +480-590 MB with 20,000 rows; same time and file size, and readers
# get more row groups to read in parallel).
PARQUET = "format parquet, compression zstd, row_group_size 20000"
TEXT_MARTS = ("articles", "article_revisions")  # the marts with the articles' texts, computed one at a time
LIVE = ("feed_health",)  # from the ops tables and the clock: recomputed every publish
# Core tables keyed by article, copied for the articles a publish recomputes (the dimensions are read whole)
ARTICLE_TABLES = ("articles", "article_feeds", "article_stories", "article_revisions", "entity_mentions",
                  "money_amounts", "deals")  # fmt: skip
DIMENSIONS = ("dim_countries", "dim_organizations", "dim_weapon_systems")
NEEDS = {  # which article tables each family's marts read
    "months": {"articles", "article_feeds", "article_stories", "article_revisions", "entity_mentions",
               "money_amounts"},
    "stories": {"articles", "article_feeds", "article_stories"},
    "deals": {"articles", "article_feeds", "article_stories", "deals"},
}  # fmt: skip


@dataclass(frozen=True)
class Published:
    """What one publish wrote."""

    exports: dict[str, int]  # mart name -> rows
    snapshot: Path
    snapshot_bytes: int
    seconds: float
    report: Path | None = None  # the HTML report written from the snapshot (None: not written)
    full: bool = True  # every mart recomputed (else only what changed)
    written: list[str] = field(default_factory=list)  # "<mart>/<partition>" written by this publish


@dataclass
class _State:
    """The files of one publish: mart -> partition -> (paths relative to the snapshot folder, rows)."""

    files: dict[str, dict[str, tuple[list[str], int]]]
    watermark: int
    fingerprint: str


def _quote(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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


def mart_layout() -> dict[str, str]:
    """Every mart view -> how it is published (its month expression, ARTICLE, or WHOLE)."""
    layout = {**MONTHLY, **STORIES, **dict.fromkeys(DEALS, WHOLE), **dict.fromkeys(LIVE, WHOLE)}
    marts = {name for schema, name, _ in model_files() if schema == "marts"}
    if marts != set(layout):
        raise PublishError(
            f"marts without a publish layout (warehouse/publish.py): {sorted(marts ^ set(layout))}"
        )
    return layout


def _fingerprint(con: duckdb.DuckDBPyConnection, warehouse: Path) -> str:
    """What a publish's files depend on beyond the articles: the models, migrations, reference data, the
    warehouse file. When it differs from the last publish's, everything is published again."""
    digest = hashlib.sha256(f"layout {LAYOUT}\n{warehouse.resolve()}\n".encode())
    for _, name, path in model_files():
        digest.update(f"{name}\n".encode() + path.read_bytes())
    for migration in discover_migrations():
        digest.update(f"{migration.version} {migration.checksum}\n".encode())
    for name in DIMENSIONS:
        digest.update(
            repr(con.execute(f"select count(*), bit_xor(hash(t)) from core.{name} as t").fetchone()).encode()
        )
    digest.update(repr(con.execute("select * from ops.warehouse_identity").fetchall()).encode())
    return digest.hexdigest()


def _previous(snapshot: Path) -> _State | None:
    """The files and change watermark of the published snapshot (None: none, unreadable, other layout)."""
    if not snapshot.exists():
        return None
    try:
        with connect(snapshot, read_only=True) as con:
            state = con.execute("select watermark, fingerprint from ops.publish_state").fetchone()
            rows = con.execute("select mart, partition, path, rows from ops.published_files").fetchall()
    except duckdb.Error:
        return None
    if state is None:
        return None
    files: dict[str, dict[str, tuple[list[str], int]]] = {}
    for mart, partition, path, count in rows:
        if not (snapshot.parent / path).exists():
            return None  # a file went missing: publish everything again
        paths, total = files.setdefault(mart, {}).get(partition, ([], 0))
        files[mart][partition] = ([*paths, path], total + int(count))
    return _State(files, int(state[0]), str(state[1]))


@contextlib.contextmanager
def _scratch(
    con: duckdb.DuckDBPyConnection,
    live: str,
    path: Path,
    scope: str | None,
    tables: set[str],
) -> Iterator[None]:
    """An attached database whose core tables are views of the live tables restricted to the articles that
    ``scope`` (a query of article ids; None: every article) selects, with the staging views of the live
    models (the marts are computed in it by :func:`_compute`). Default catalog while open; dropped on exit.
    Views, not copies: DuckDB pushes the scope into each scan (a Bloom filter on article_id), so reading the
    live tables costs less than writing the scope's rows again; on a warehouse grown to 2 million articles a
    publish of one changed month took 4.2 s instead of 5.6 s."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con.execute(f"attach {_quote(path)} as {SCRATCH}")
    try:
        for schema in ("core", "staging", "marts"):
            con.execute(f"create schema {SCRATCH}.{schema}")
        if scope is not None:
            con.execute(f"create table {SCRATCH}.main.scope as {scope}")
        for table in ARTICLE_TABLES:
            source = f"{_ident(live)}.core.{table}"
            if scope is None and table in tables:
                con.execute(f"create view {SCRATCH}.core.{table} as select * from {source}")
            elif table in tables:
                con.execute(
                    f"create view {SCRATCH}.core.{table} as select * from {source}"
                    f" where article_id in (select article_id from {SCRATCH}.main.scope)"
                )
            else:
                con.execute(f"create table {SCRATCH}.core.{table} as select * from {source} where false")
        for table in DIMENSIONS:
            con.execute(f"create view {SCRATCH}.core.{table} as select * from {_ident(live)}.core.{table}")
        con.execute(f"use {SCRATCH}")
        for schema, name, model in model_files():
            if schema == "staging":
                body = model.read_text(encoding="utf-8").strip().rstrip(";")
                con.execute(f"create view staging.{name} as\n{body}")
        con.execute(
            f"create table main.article_months as select article_id, {MONTHLY['articles']} as month"
            " from core.articles"
        )
        yield
    finally:
        con.execute(f"use {_ident(live)}")
        # dropped first: detaching checkpoints the database, which would write the marts' rows to the file
        # that is deleted next (0.7 s of a publish of 50,000 articles)
        con.execute(f"drop schema if exists {SCRATCH}.marts cascade")
        for table in ("scope", "article_months"):
            con.execute(f"drop table if exists {SCRATCH}.main.{table}")
        con.execute(f"detach {SCRATCH}")
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _mart_models(marts: set[str]) -> dict[str, tuple[str, set[str]]]:
    """The marts that computing ``marts`` takes (they and every mart they read), in dependency order, by name:
    (model SQL, the marts it reads)."""
    models = {
        name: model.read_text(encoding="utf-8").strip().rstrip(";")
        for schema, name, model in model_files()
        if schema == "marts"
    }
    reads = {
        name: {b for a, b in MODEL_REF_RE.findall(body) if a == "marts"} for name, body in models.items()
    }
    needed = set(marts)
    while more := set().union(*(reads[name] for name in needed)) - needed:
        needed |= more
    return {name: (body, reads[name]) for name, body in models.items() if name in needed}


def _compute(
    con: duckdb.DuckDBPyConnection,
    marts: set[str],
    write: Callable[[duckdb.DuckDBPyConnection, str], T],
) -> list[tuple[str, T]]:
    """Create the tables of ``marts`` (and of the marts they read) in the scratch database that is the
    default catalog, and ``write`` each of ``marts`` once its table exists; returns (mart, what ``write``
    returned), in the order they finished.

    As many at a time as DuckDB has threads, each on a cursor of its own, a mart after the marts it reads:
    one query over a few hundred thousand rows (a couple of row groups) runs on one thread, so one mart after
    another kept one core busy (a cold run's publish of 50,000 articles: 3.3 s of work, 1.0-1.2 cores used).
    A mart's table is dropped as soon as it is written and every mart that reads it is computed, so that
    the process holds only the marts still needed. A mart no other mart reads is a view, written straight
    from its query: a table first cost its rows' materialization again (a publish of 50,000 articles:
    articles 0.84 -> 0.44 CPU s, article_revisions 0.49 -> 0.27, entity_mentions 0.19 -> 0.14).
    """
    models = _mart_models(marts)
    read = set().union(*(reads for _, reads in models.values()))
    kinds = {name: "table" if name in read else "view" for name in models}
    threads = max(1, int(con.execute("select current_setting('threads')").fetchone()[0]))  # type: ignore[index]
    # ("create", mart) after the creates of the marts it reads; ("write", mart) after its create; ("drop",
    # mart) after its write and the creates (a view's: the write) of the marts that read it
    waits = {("create", name): {("create", dep) for dep in reads} for name, (_, reads) in models.items()}
    waits |= {("write", name): {("create", name)} for name in models if name in marts}
    # the marts holding the articles' texts one after the other: two of them at once would hold both texts
    # (plus their Parquet writers' buffers) at the same time
    for first, then in itertools.pairwise([name for name in TEXT_MARTS if name in models]):
        waits[("create", then)] |= {("write", first)} & waits.keys() or {("create", first)}
    waits |= {
        ("drop", name): {("write", name)} & waits.keys()
        # a view reads its marts when it is written
        | {
            ("create" if kinds[other] == "table" else "write", other)
            for other, (_, reads) in models.items()
            if name in reads
        }
        | {("create", name)}
        for name in models
    }
    cursors: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()
    opened = []
    for _ in range(threads):
        cursor = con.cursor()
        opened.append(cursor)
        cursor.execute("set TimeZone = 'UTC'")
        cursor.execute(f"use {SCRATCH}")
        cursors.put(cursor)

    def run(task: tuple[str, str]) -> T | None:
        cursor = cursors.get()
        try:
            kind, name = task
            if kind == "create":
                cursor.execute(f"create {kinds[name]} marts.{name} as\n{models[name][0]}")
            elif kind == "drop":
                cursor.execute(f"drop {kinds[name]} marts.{name}")
            else:
                return write(cursor, name)
            return None
        finally:
            cursors.put(cursor)

    done: list[tuple[str, T]] = []
    finished: set[tuple[str, str]] = set()
    running: dict[Future[T | None], tuple[str, str]] = {}
    try:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="publish") as pool:
            while waits or running:
                for task in sorted(task for task, before in waits.items() if before <= finished):
                    del waits[task]
                    running[pool.submit(run, task)] = task
                if not running:
                    raise PublishError(f"marts that read each other: {sorted(name for _, name in waits)}")
                ready, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in ready:
                    task = running.pop(future)
                    result = future.result()  # a failed mart ends the publish (the others running finish)
                    finished.add(task)
                    if task[0] == "write":
                        done.append((task[1], result))  # type: ignore[arg-type]
    finally:
        for cursor in opened:
            cursor.close()
    return done


def _month_filter(months: list[str], column: str = "published_at") -> str:
    """A WHERE condition selecting rows whose timestamptz ``column`` falls in one of these UTC months."""
    if not months:
        return "false"
    ranges = []
    for month in sorted(months):
        if not MONTH_RE.match(month):
            raise PublishError(f"not a month: {month!r}")
        year, number = int(month[:4]), int(month[5:])
        after = f"{year + number // 12:04d}-{number % 12 + 1:02d}"
        ranges.append(
            f"({column} >= timestamptz '{month}-01 00:00:00+00'"
            f" and {column} < timestamptz '{after}-01 00:00:00+00')"
        )
    return " or ".join(ranges)


def _write(
    con: duckdb.DuckDBPyConnection,
    files_dir: Path,
    mart: str,
    how: str,
    generation: str,
    months: list[str] | None,
) -> dict[str, tuple[list[str], int]]:
    """Write the mart (a table of the scratch database) as new files; return partition -> (paths, rows).

    ``months``: only these partitions (None: every partition the rows have)."""
    folder = files_dir / mart
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[list[str], int]] = {}
    if how == WHOLE:
        target = folder / f"{generation}.parquet"
        con.execute(f"copy (select * from marts.{mart}) to {_quote(target)} ({PARQUET})")
        paths = [target]
        by_partition = {WHOLE: paths}
    else:
        if how == ARTICLE:
            query = (
                f"select m.*, a.month as {PARTITION} from marts.{mart} as m"
                " inner join main.article_months as a on a.article_id = m.article_id"
            )
        else:
            query = f"select *, {how} as {PARTITION} from marts.{mart}"
        if months is not None:
            query = f"select * from ({query}) where {PARTITION} in (select unnest(?))"
        con.execute(
            f"copy ({query}) to {_quote(folder)} ({PARQUET},"
            f" partition_by ({PARTITION}), filename_pattern '{generation}_{{i}}', overwrite_or_ignore true)",
            [months] if months is not None else None,
        )
        by_partition = {}
        for path in sorted(folder.glob(f"{PARTITION}=*/{generation}_*.parquet")):
            by_partition.setdefault(path.parent.name.split("=", 1)[1], []).append(path)
    for partition, paths in by_partition.items():
        rows = 0
        for path in paths:
            _fsync(path)
            rows += int(con.execute(f"select count(*) from read_parquet({_quote(path)})").fetchone()[0])  # type: ignore[index]
        written[partition] = ([str(p.relative_to(files_dir.parent)) for p in paths], rows)
    return written


def _story_months(con: duckdb.DuckDBPyConnection, months: list[str]) -> list[str]:
    """The months whose stories may change: those given, and every month with an article of a story that has
    an article in one of them (a story is published in the month of its first article)."""
    if not months:
        return []
    con.execute(
        f"create or replace temp table publish_months_articles as"
        f" select article_id from core.articles where {_month_filter(months)}"
    )
    rows = con.execute(sql_text("select_story_months")).fetchall()
    con.execute("drop table publish_months_articles")
    return sorted(set(months) | {str(row[0]) for row in rows})


def _most_articles(con: duckdb.DuckDBPyConnection, months: list[str]) -> bool:
    """Whether the articles published in ``months`` are at least ``REWRITE_ALL_SHARE`` of all articles."""
    if not months:
        return False
    inside, total = con.execute(  # type: ignore[misc]
        f"select count(*) filter (where {_month_filter(months)}), count(*) from core.articles"
    ).fetchone()
    return bool(total) and int(inside) >= REWRITE_ALL_SHARE * int(total)


def publish_all(
    con: duckdb.DuckDBPyConnection,
    warehouse: Path,
    exports: Path,
    snapshot: Path,
    run_id: str | None,
    full: bool = False,
) -> tuple[dict[str, int], int, bool, list[str]]:
    """Compute and write what changed since the last publish (everything when ``full`` or when the last
    publish cannot be built on), then the snapshot, the exports tree and the manifest.

    Returns (rows per mart, snapshot size in bytes, whether it was a full publish, partitions written).
    """
    layout = mart_layout()
    files_dir = snapshot.parent / FILES
    exports.mkdir(parents=True, exist_ok=True)
    files_dir.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(exports)
    _clear_leftovers(snapshot.parent)
    live = str(con.execute("select current_database()").fetchone()[0])  # type: ignore[index]
    fingerprint = _fingerprint(con, warehouse)
    previous = None if full else _previous(snapshot)
    if previous is not None and previous.fingerprint != fingerprint:
        previous = None
    changes = con.execute(
        sql_text("select_publish_changes"), [previous.watermark if previous else -1]
    ).fetchall()
    watermark = max([int(row[0]) for row in changes], default=previous.watermark if previous else 0)
    generation = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + secrets.token_hex(3)
    scratch = snapshot.parent / f".{SCRATCH}.duckdb.tmp"
    files = {mart: dict(parts) for mart, parts in previous.files.items()} if previous else {}
    written: list[str] = []

    def family(
        scope: str | None, tables: set[str], marts: dict[str, str], months: dict[str, list[str] | None]
    ) -> None:
        """Compute ``marts`` in one scratch database over ``scope`` and write, for each, the partitions
        ``months[mart]`` (None: all of them)."""
        with _scratch(con, live, scratch, scope, tables):
            computed = _compute(
                con,
                set(marts),
                lambda cursor, mart: _write(cursor, files_dir, mart, marts[mart], generation, months[mart]),
            )
            for mart, new in computed:
                if not written:
                    faults.point("publish_parquet")
                how, wanted = marts[mart], months[mart]
                old = files.get(mart, {})
                kept = (
                    {}
                    if wanted is None or how == WHOLE
                    else {p: f for p, f in old.items() if p not in wanted}
                )
                files[mart] = {**kept, **new}
                written.extend(f"{mart}/{partition}" for partition in new)

    months = sorted({str(row[2]) for row in changes if row[1] == "month" and row[2]})
    if previous is None or _most_articles(con, months):
        # everything, in one scratch database: each mart computed once, from views over the live tables (when
        # the changed months hold most articles, copying them into the scratch database would cost more)
        everything = {**MONTHLY, **STORIES, **dict.fromkeys(DEALS, WHOLE)}
        family(None, set().union(*NEEDS.values()), everything, dict.fromkeys(everything))
    else:
        # One scratch database over the union of what changed, each mart computed once, each written only
        # where it changed (scopes are read from the live catalog: the scratch database is not the default
        # yet). Extra articles do no harm: a month's rows depend only on that month's articles and only the
        # changed months are written; a story is written in the month of its first article, and every story
        # with an article in a story month is in the scope whole, so a story that extra articles bring in
        # part falls in a month that is not written; the deal marts read every article that states a deal.
        marts: dict[str, str] = {}
        wanted: dict[str, list[str] | None] = {}
        scopes: list[str] = []
        tables: set[str] = set()
        if months:
            story_months = _story_months(con, months)
            scopes.append(f"select article_id from core.articles where {_month_filter(months)}")
            scopes.append(sql_text("select_story_scope").replace("/* months */", _month_filter(story_months)))
            tables |= NEEDS["months"] | NEEDS["stories"]
            marts |= {**MONTHLY, **STORIES}
            wanted |= {**dict.fromkeys(MONTHLY, months), **dict.fromkeys(STORIES, story_months)}
        if any(row[1] == "deals" for row in changes):
            scopes.append("select distinct article_id from core.deals")
            tables |= NEEDS["deals"]
            marts |= dict.fromkeys(DEALS, WHOLE)
            wanted |= dict.fromkeys(DEALS)
        if marts:
            family("\nunion\n".join(f"({scope})" for scope in scopes), tables, marts, wanted)
    # feed health: from the ops tables and the clock, every time
    for mart in LIVE:
        target = files_dir / mart / f"{generation}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"copy (select * from marts.{mart}) to {_quote(target)} ({PARQUET})")
        _fsync(target)
        count = con.execute(f"select count(*) from read_parquet({_quote(target)})").fetchone()[0]  # type: ignore[index]
        files[mart] = {WHOLE: ([str(target.relative_to(snapshot.parent))], int(count))}
        written.append(f"{mart}/{WHOLE}")
    for mart in layout:
        files.setdefault(mart, {})
        files[mart] = {p: f for p, f in files[mart].items() if f[1] > 0 or p == WHOLE}

    size = _write_snapshot(con, snapshot, files, watermark, fingerprint, generation, run_id)
    con.execute(sql_text("delete_publish_changes"), [watermark])  # published: consumed
    rows = {mart: sum(rows for _, rows in files[mart].values()) for mart in sorted(layout)}
    _link_exports(exports, snapshot.parent, files, layout)
    manifest = {
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run_id,
        "snapshot": str(snapshot),
        "generation": generation,
        "full": previous is None,
        "rows": rows,
        "files": {
            mart: {
                p: [str(_export_path(exports.resolve(), mart, p, i)) for i in range(len(f[0]))]
                for p, f in parts.items()
            }
            for mart, parts in sorted(files.items())
        },
    }
    tmp_manifest = exports / f".{MANIFEST}.tmp"
    tmp_manifest.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp_manifest, exports / MANIFEST)
    keep = {path for parts in files.values() for paths, _ in parts.values() for path in paths}
    if previous is not None:  # a reader may still hold the snapshot this one replaced
        keep |= {path for parts in previous.files.values() for paths, _ in parts.values() for path in paths}
    _delete_unreferenced(files_dir, snapshot.parent, keep)
    return rows, size, previous is None, sorted(written)


def _write_snapshot(
    con: duckdb.DuckDBPyConnection,
    snapshot: Path,
    files: dict[str, dict[str, tuple[list[str], int]]],
    watermark: int,
    fingerprint: str,
    generation: str,
    run_id: str | None,
) -> int:
    """The reader file: tables of the ops, quality and reference data, a view per mart over its files."""
    tmp = snapshot.with_name(f".{snapshot.name}.tmp")
    relations = _relations(con)
    con.execute(f"attach {_quote(tmp)} as {SNAP} (storage_version '{SNAPSHOT_STORAGE}')")
    try:
        for schema in sorted({schema for schema, _, _ in relations} | {"ops"}):
            con.execute(f"create schema if not exists {SNAP}.{schema}")
        for index, (schema, name, kind) in enumerate(relations):
            target = f"{SNAP}.{schema}.{name}"
            if kind == "table":
                con.execute(f"create table {target} as select * from {schema}.{name}")
            else:
                base = snapshot.parent.resolve()  # absolute: readers start anywhere
                paths = [str(base / p) for _, (ps, _) in sorted(files[name].items()) for p in ps]
                if not paths:  # no rows: an empty table of the same columns
                    con.execute(f"create table {target} as select * from {schema}.{name} where false")
                else:
                    columns = con.execute(f"describe select * from {schema}.{name}").fetchall()
                    select = ", ".join(f"cast({_ident(c[0])} as {c[1]}) as {_ident(c[0])}" for c in columns)
                    listed = ", ".join(_quote(p) for p in paths)
                    con.execute(
                        f"create view {target} as select {select}"
                        f" from read_parquet([{listed}], hive_partitioning = false)"
                    )
            if index == len(relations) // 2:
                faults.point("publish_snapshot")
        con.execute(
            f"create table {SNAP}.ops.publish_state as select ? as generation, now() as published_at,"
            " ? as run_id, cast(? as bigint) as watermark, ? as fingerprint",
            [generation, run_id, watermark, fingerprint],
        )
        con.execute(
            f"create table {SNAP}.ops.published_files"
            " (mart varchar, partition varchar, path varchar, rows bigint)"
        )
        listed_rows = [
            (mart, partition, path, rows if i == 0 else 0)
            for mart, parts in sorted(files.items())
            for partition, (paths, rows) in sorted(parts.items())
            for i, path in enumerate(paths)
        ]
        if listed_rows:  # one statement of four lists: executemany ran one per row (0.28 s for 595 files)
            con.execute(
                f"insert into {SNAP}.ops.published_files select unnest(?), unnest(?), unnest(?), unnest(?)",
                [list(column) for column in zip(*listed_rows, strict=True)],
            )
        con.execute(f"checkpoint {SNAP}")
    finally:
        con.execute(f"detach {SNAP}")
    wal = tmp.with_name(tmp.name + ".wal")
    if wal.exists():  # the checkpoint above should leave none; a WAL beside a renamed file would be lost
        raise PublishError(f"snapshot not fully checkpointed: {wal} exists")
    _fsync(tmp)
    os.replace(tmp, snapshot)  # the commit: readers opening the snapshot from now on see this publish
    return snapshot.stat().st_size


def _export_path(exports: Path, mart: str, partition: str, index: int) -> Path:
    if partition == WHOLE:
        return exports / f"{mart}.parquet"
    return exports / mart / f"{PARTITION}={partition}" / f"data_{index}.parquet"


def _link_exports(
    exports: Path, base: Path, files: dict[str, dict[str, tuple[list[str], int]]], layout: dict[str, str]
) -> None:
    """Link the exports tree to the current files (hard links, each replaced by a rename); remove the rest."""
    wanted: dict[Path, Path] = {}
    for mart, parts in files.items():
        for partition, (paths, _) in parts.items():
            for index, path in enumerate(paths):
                wanted[_export_path(exports, mart, partition, index)] = base / path
    for target, source in wanted.items():
        if target.exists() and os.path.samefile(target, source):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError:  # a file system without hard links: a copy
            tmp.write_bytes(source.read_bytes())
            _fsync(tmp)
        os.replace(tmp, target)
    for mart, how in layout.items():
        if how == WHOLE:
            continue
        (exports / f"{mart}.parquet").unlink(missing_ok=True)  # the one-file layout of earlier versions
        for stale in sorted((exports / mart).glob(f"{PARTITION}=*/*.parquet")):
            if stale not in wanted:
                stale.unlink()
        for folder in (exports / mart).glob(f"{PARTITION}=*"):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def _delete_unreferenced(files_dir: Path, base: Path, keep: set[str]) -> None:
    """Files that neither the new snapshot nor the one it replaced refers to (earlier generations, or those a
    crashed publish wrote)."""
    for path in files_dir.rglob("*.parquet"):
        if str(path.relative_to(base)) not in keep:
            path.unlink()
    for folder in sorted(files_dir.rglob(f"{PARTITION}=*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def published_at(exports: Path) -> datetime | None:
    """When the current exports and snapshot were published (None: never, or unreadable)."""
    try:
        data = json.loads((exports / MANIFEST).read_text(encoding="utf-8"))
        return datetime.fromisoformat(data["published_at"])
    except (OSError, ValueError, KeyError):
        return None


def publish(
    warehouse: Path, exports: Path, snapshot: Path, run_id: str | None, full: bool = False
) -> Published:
    """Publish what changed since the last publish (``full``: everything); the caller holds the lock."""
    began = time.perf_counter()
    with connect(warehouse) as con:
        rows, size, was_full, written = within_budget(
            con,
            publish_memory_limit(),
            "publish",
            lambda: publish_all(con, warehouse, exports, snapshot, run_id, full),
        )
    return Published(rows, snapshot, size, time.perf_counter() - began, full=was_full, written=written)


def publish_memory_limit() -> str:
    """DuckDB's memory limit while publishing (``DNW_PUBLISH_MEMORY_LIMIT``, a size such as "300MB"; "0" or
    "none": the connection's own limit). A publish runs last in a run's process, beside everything the run
    still holds; past the budget DuckDB spills to disk, and a publish that runs out of memory within it is
    done again at the full limit."""
    try:
        return memory_budget(PUBLISH_MEMORY_ENV, PUBLISH_MEMORY_DEFAULT)
    except ConfigError as exc:
        raise PublishError(str(exc)) from exc
