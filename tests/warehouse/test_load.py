"""The load's reference dimensions (mirrored from the seeds, left alone while the seeds are unchanged) and its
stored story words."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from core.errors import ConfigError
from schemas.frames import STORY_WORDS_SCHEMA
from warehouse.db import arrow_table, connect, memory_budget, prepare, sql_text
from warehouse.load import (
    LOAD_MEMORY_DEFAULT,
    LOAD_MEMORY_ENV,
    STATEMENTS,
    _refresh_dimensions,
    statement_inputs,
)
from warehouse.seeds import read_seeds


def refreshed(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("select digest, refreshed_at from ops.seed_state").fetchall()


def test_dimensions_are_refreshed_only_when_the_seeds_change(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    prepare(path)
    seeds = read_seeds()
    with connect(path) as con:
        assert refreshed(con) == []
        _refresh_dimensions(con, seeds)
        first = refreshed(con)
        assert len(first) == 1
        count = "select count(*) from core.dim_countries"
        assert con.execute(count).fetchone() == (seeds.countries.height,)

        _refresh_dimensions(con, seeds)
        assert refreshed(con) == first, "same seeds, same migrations: the dimensions are kept"

        renamed = seeds.countries.with_columns(
            name=pl.when(pl.col("iso3") == "POL").then(pl.lit("Republic of Poland")).otherwise(pl.col("name"))
        )
        _refresh_dimensions(con, dataclasses.replace(seeds, countries=renamed))
        assert refreshed(con)[0][0] != first[0][0]
        assert con.execute("select name from core.dim_countries where iso3 = 'POL'").fetchone() == (
            "Republic of Poland",
        )
        assert con.execute(count).fetchone() == (seeds.countries.height,)

        con.execute("delete from ops.seed_state")  # e.g. a warehouse from before the digest was kept
        _refresh_dimensions(con, seeds)
        assert refreshed(con)[0][0] == first[0][0]
        assert con.execute("select name from core.dim_countries where iso3 = 'POL'").fetchone() == ("Poland",)


def test_story_words_are_replaced_for_loaded_articles_and_dropped_after_30_days(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    prepare(path)
    day = lambda d: datetime(2026, 11, d, tzinfo=UTC)  # noqa: E731
    with connect(path) as con:
        con.execute(
            "insert into core.story_words values (?, ?, ?, 'v'), (?, ?, ?, 'v'), (?, ?, ?, 'old')",
            ["old", datetime(2026, 10, 20, tzinfo=UTC), [1], "recent", day(2), [2], "changed", day(20), [3]],
        )
        batch = pl.DataFrame(
            {"article_id": ["changed", "new"], "published_at": [day(20), day(25)], "words": [[4, 5], [6]],
             "version": ["v", "v"]},
            schema=STORY_WORDS_SCHEMA,
        )  # fmt: skip
        con.register("batch_story_words", arrow_table(batch))
        con.execute(sql_text("replace_story_words"))
        rows = con.execute(
            "select article_id, words, version from core.story_words order by article_id"
        ).fetchall()
    # "old" was published 36 days before the newest article loaded (25 November)
    assert rows == [("changed", [4, 5], "v"), ("new", [6], "v"), ("recent", [2], "v")]


def test_each_load_statement_names_the_batch_frames_it_reads() -> None:
    assert statement_inputs("merge_articles") == {"articles"}
    assert statement_inputs("replace_facts") == {"articles", "mentions", "money"}  # statuses: articles
    assert statement_inputs("replace_deals") == {"articles", "deals"}
    assert statement_inputs("record_changes") == {"articles", "sightings", "mentions", "money", "stories"}
    assert statement_inputs("record_deal_changes") == {"articles", "deals"}
    assert statement_inputs("merge_feed_state") == {"feed_state"}
    assert all(statement_inputs(s) for s in STATEMENTS if s != "refresh_dimensions")


def test_the_load_budget_is_a_size_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert memory_budget(LOAD_MEMORY_ENV, LOAD_MEMORY_DEFAULT) == "250MB"
    monkeypatch.setenv(LOAD_MEMORY_ENV, "none")
    assert memory_budget(LOAD_MEMORY_ENV, LOAD_MEMORY_DEFAULT) == ""
    monkeypatch.setenv(LOAD_MEMORY_ENV, "lots")
    with pytest.raises(ConfigError, match="DNW_LOAD_MEMORY_LIMIT='lots'"):
        memory_budget(LOAD_MEMORY_ENV, LOAD_MEMORY_DEFAULT)
