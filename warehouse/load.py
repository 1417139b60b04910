"""Load one run into the warehouse atomically: every table written in a single transaction, or none."""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from warehouse import faults
from warehouse.db import (
    arrow_table,
    connect,
    memory_budget,
    migrate,
    prepare_open,
    query_frame,
    schema_digest,
    sql_text,
    within_budget,
)
from warehouse.seeds import Seeds


@dataclass(frozen=True)
class LoadBatch:
    """Frames produced by one run, named as the relations the load statements read."""

    articles: pl.DataFrame  # deduplicated valid articles with run_id and facts_version (null: facts kept)
    sightings: pl.DataFrame  # article_id, feed, seen_at for every valid entry
    quarantine: pl.DataFrame
    fetch_log: pl.DataFrame
    feed_state: pl.DataFrame
    validation: pl.DataFrame
    mentions: pl.DataFrame  # entity mentions of the batch articles
    money: pl.DataFrame  # money amounts of the batch articles
    deals: pl.DataFrame  # deals stated in the batch articles (schemas.frames.DEAL_SCHEMA)
    # reference data, mirrored into the core.dim_* tables; None: the dimensions are left as they are (a run
    # without articles reads no reference data: the next run with articles mirrors a change of the seeds)
    seeds: Seeds | None
    stories: pl.DataFrame  # story assignment of the batch articles (only new ones are stored)
    story_words: pl.DataFrame  # word hashes of the new and changed articles (STORY_WORDS_SCHEMA)


@dataclass(frozen=True)
class LoadResult:
    """What the MERGE did, per article status and per feed."""

    statuses: pl.DataFrame  # article_id, feed, status (new | changed | same)

    def count(self, status: str) -> int:
        """Number of batch articles with this status."""
        return int((self.statuses["status"] == status).sum())


RELATIONS = {
    "batch_articles": "articles",
    "batch_sightings": "sightings",
    "batch_quarantine": "quarantine",
    "batch_fetch_log": "fetch_log",
    "batch_feed_state": "feed_state",
    "batch_validation": "validation",
    "batch_mentions": "mentions",
    "batch_money": "money",
    "batch_deals": "deals",
    "batch_stories": "stories",
    "batch_story_words": "story_words",
}
SEED_RELATIONS = {
    "seed_countries": "countries",
    "seed_weapon_systems": "weapon_systems",
    "seed_organizations": "organizations",
    "seed_fx_rates": "fx_rates",
    "seed_languages": "languages",
}

# DuckDB's memory while loading: the load's transaction keeps what it writes until it commits, beside the
# frames of the run. A cold 1,000-feed run's process peaked in its load at 958-1,000 MB unbounded; with
# 250MB the peak moved to the publish (919-951 MB with both bounded). A load out of memory within it is done
# again at the full limit.
LOAD_MEMORY_ENV = "DNW_LOAD_MEMORY_LIMIT"
LOAD_MEMORY_DEFAULT = "250MB"

STATEMENTS = (
    "record_changes",  # first: it reads the articles' dates as they were before this load
    "insert_fetch_log",
    "insert_stories",
    "replace_story_words",
    "merge_revisions",  # before the articles: it keeps the text of the contents they replace
    "merge_articles",
    "merge_article_feeds",
    "merge_feed_state",
    "refresh_dimensions",
    "replace_facts",
    # the statements below read the late frames (LATE_FRAMES), when the load is given them late
    "record_deal_changes",  # before the deals are replaced: it reads which articles had some
    "merge_quarantine",
    "insert_validation_runs",
    "replace_deals",
    "release_quarantine",  # after this run's quarantine rows are in
)
# Each statement writes what its batch frames hold and nothing else, so one whose frames are all empty is not
# run (a run where every feed answered 304 writes its fetches, the feeds' state and its record: 8 statements
# and 35 ms fewer). A statement must keep that property: with empty frames it changes nothing.

# The frames a caller may hand over late (``load_batch``'s ``complete``): the deals, whose extraction and
# check can go on in another process while the statements before the first that reads one of them run, and
# the quarantine rows and validation results, which include the deals' own. (Not the stories: their thread
# reads the warehouse, which must not run beside the load's memory budget.)
LATE_FRAMES = frozenset({"deals", "quarantine", "validation"})


@cache
def statement_inputs(statement: str) -> frozenset[str]:
    """The batch frames (LoadBatch attributes) a load statement reads, from the relations its SQL names
    (``batch_statuses`` is classify_articles' verdict on the articles)."""
    names = set(re.findall(r"\bbatch_[a-z_]+", sql_text(statement)))
    return frozenset("articles" if name == "batch_statuses" else RELATIONS[name] for name in names)


def load_batch(
    path: Path,
    batch: LoadBatch,
    finalize_run: Callable[[pl.DataFrame], pl.DataFrame],
    complete: Callable[[LoadBatch], LoadBatch] | None = None,
) -> LoadResult:
    """Write the batch in one transaction.

    ``finalize_run`` is called with the article statuses and returns the ops.pipeline_runs row (a frame),
    so the run record carries the exact counts of what this transaction wrote. ``complete``, when given, is
    called once inside the transaction, after the statements that read none of the late frames
    (:data:`LATE_FRAMES`), and returns the batch with those frames (the rest as given): a run's deals are
    extracted in a worker process meanwhile, on the core the load leaves free.
    """
    if complete is not None:
        complete = _once(complete)  # the load may be done again (within_budget): the late frames are kept
    with connect(path) as con:
        # one thread: the load's statements are small, and a second thread's buffers only added memory (a
        # 50,000-article batch: 60 MB lower peak, no slower)
        con.execute("set threads = 1")
        budget = memory_budget(LOAD_MEMORY_ENV, LOAD_MEMORY_DEFAULT)
        return within_budget(con, budget, "load", lambda: _load(con, batch, finalize_run, complete))


def _once(complete: Callable[[LoadBatch], LoadBatch]) -> Callable[[LoadBatch], LoadBatch]:
    """``complete`` called on its first call only; later calls return what it returned then."""
    done: list[LoadBatch] = []

    def completed(batch: LoadBatch) -> LoadBatch:
        if not done:
            done.append(complete(batch))
        return done[0]

    return completed


def _load(
    con: duckdb.DuckDBPyConnection,
    batch: LoadBatch,
    finalize_run: Callable[[pl.DataFrame], pl.DataFrame],
    complete: Callable[[LoadBatch], LoadBatch] | None,
) -> LoadResult:
    _register(con, batch, set(RELATIONS.values()) - (LATE_FRAMES if complete is not None else set()))
    con.execute("begin transaction")
    try:
        faults.point("load_begin")
        con.execute(sql_text("classify_articles"))
        statuses = query_frame(con, "select article_id, feed, status from batch_statuses")
        for statement in STATEMENTS:
            if statement == "refresh_dimensions":
                if batch.seeds is not None:
                    _refresh_dimensions(con, batch.seeds)
                continue
            inputs = statement_inputs(statement)
            if complete is not None and inputs & LATE_FRAMES:
                batch, complete = complete(batch), None
                _register(con, batch, LATE_FRAMES)
            if inputs and not any(getattr(batch, frame).height for frame in inputs):
                continue  # it reads only empty frames: nothing to write (see STATEMENTS)
            con.execute(sql_text(statement))
            if statement == "merge_articles":
                faults.point("load_mid")
        run_row = finalize_run(statuses)
        con.register("batch_run", arrow_table(run_row))
        con.execute(sql_text("insert_pipeline_run"))
        faults.point("load_before_commit")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for relation in (*RELATIONS, "batch_run"):
            con.unregister(relation)
        con.execute("drop table if exists batch_statuses")
    return LoadResult(statuses=statuses)


def _register(con: duckdb.DuckDBPyConnection, batch: LoadBatch, frames: Set[str]) -> None:
    """The batch's ``frames`` (LoadBatch attributes) as the relations the load statements read."""
    for relation, attribute in RELATIONS.items():
        if attribute in frames:
            con.register(relation, arrow_table(getattr(batch, attribute)))


def _refresh_dimensions(con: duckdb.DuckDBPyConnection, seeds: Seeds) -> None:
    """Mirror the seeds into the core.dim_* tables, unless they mirror these seeds under these migrations
    already (``ops.seed_state``)."""
    digest = schema_digest(con)
    for attribute in SEED_RELATIONS.values():
        digest.update(f"{attribute}\n".encode())
        digest.update(getattr(seeds, attribute).write_csv().encode())
    if con.execute(sql_text("select_seed_state")).fetchall() == [(digest.hexdigest(),)]:
        return
    for relation, attribute in SEED_RELATIONS.items():
        con.register(relation, arrow_table(getattr(seeds, attribute)))
    try:
        con.execute(sql_text("refresh_dimensions"))
        con.execute(sql_text("record_seed_state"), {"digest": digest.hexdigest()})
    finally:
        for relation in SEED_RELATIONS:
            con.unregister(relation)


def record_run(path: Path, run: pl.DataFrame) -> None:
    """Write (or overwrite) a run record on its own, e.g. to record a failed run."""
    with connect(path) as con:
        con.register("batch_run", arrow_table(run))
        con.execute(sql_text("insert_pipeline_run"))
        con.unregister("batch_run")


def read_known_articles(path: Path, copies: pl.DataFrame, facts_version: str) -> pl.DataFrame:
    """(article_id, content_hash) of the ``copies`` stored with the same content and facts extracted by
    ``facts_version``: nothing new to extract from them."""
    with connect(path) as con:
        con.register("batch_copies", arrow_table(copies.select("article_id", "content_hash")))
        try:
            return query_frame(con, sql_text("select_known_articles"), [facts_version])
        finally:
            con.unregister("batch_copies")


def read_story_window(path: Path, since: object, words_version: str) -> pl.DataFrame:
    """Articles published since ``since`` with their story ids: what new articles may be copies of; with
    their stored content-word hashes (``words``) if stored by ``words_version``, else with their texts."""
    with connect(path) as con:
        return query_frame(con, sql_text("select_story_window"), [words_version, since])


def read_state(path: Path | None, read_only: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(validators, schedule and streaks per feed; each feed's usual entry count) as the next run needs them.

    ``path`` None gives the empty frames of a new warehouse (from an in-memory copy of the schema);
    ``read_only`` reads a copy such as the published snapshot.
    """
    if path is None:
        con = duckdb.connect()
        try:
            migrate(con)
            return _state(con)
        finally:
            con.close()
    with connect(path, read_only=read_only) as con:
        return _state(con)


def prepare_and_read_state(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`warehouse.db.prepare` (create or migrate the file, refresh its views), then :func:`read_state`,
    on one connection: a run's first look at the live file."""
    with connect(path) as con:
        prepare_open(con)
        return _state(con)


def _state(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    return query_frame(con, sql_text("select_feed_state")), query_frame(con, sql_text("select_feed_history"))


def loaded_fetches(path: Path, fetch_ids: list[str]) -> set[str]:
    """Which of these fetches a committed load has already recorded in ops.fetch_log."""
    if not fetch_ids:
        return set()
    with connect(path) as con:
        rows = con.execute(sql_text("select_loaded_fetches"), [fetch_ids]).fetchall()
    return {row[0] for row in rows}
