"""The between-stage frame schemas (schemas/frames.py) agree with the warehouse DDL they are loaded into."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from schemas import frames
from warehouse.db import connect, prepare

# frames loaded as they are (warehouse/sql/*.sql insert or merge them by column name)
LOADED = {
    "FETCH_LOG_SCHEMA": "ops.fetch_log",
    "SCHEDULE_OUTPUT": "ops.feed_state",
    "RUN_SCHEMA": "ops.pipeline_runs",
    "MENTION_SCHEMA": "core.entity_mentions",
    "MONEY_SCHEMA": "core.money_amounts",
    "STORIES_SCHEMA": "core.article_stories",
    "STORY_WORDS_SCHEMA": "core.story_words",
    "RESULTS_SCHEMA": "quality.validation_runs",
}
DUCKDB_TYPES = {
    pl.String(): {"VARCHAR"},
    pl.Int32(): {"INTEGER", "BIGINT"},
    pl.Int64(): {"BIGINT"},
    pl.Float64(): {"DOUBLE"},
    pl.Boolean(): {"BOOLEAN"},
    pl.Datetime("us", "UTC"): {"TIMESTAMP WITH TIME ZONE"},
    pl.List(pl.String()): {"VARCHAR[]"},
    pl.List(pl.UInt64()): {"UBIGINT[]"},
}


@pytest.fixture(scope="module")
def table_columns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    path: Path = tmp_path_factory.mktemp("frames") / "warehouse.duckdb"
    prepare(path)
    found: dict[str, dict[str, str]] = {}
    with connect(path, read_only=True) as con:
        rows = con.execute(
            "select table_schema || '.' || table_name, column_name, data_type from information_schema.columns"
        ).fetchall()
    for table, column, data_type in rows:
        found.setdefault(table, {})[column] = data_type
    return found


@pytest.mark.parametrize(("frame", "table"), sorted(LOADED.items()))
def test_every_column_of_a_loaded_frame_is_a_column_of_its_table(
    frame: str, table: str, table_columns: dict[str, dict[str, str]]
) -> None:
    schema: dict[str, pl.DataType] = getattr(frames, frame)
    columns = table_columns[table]
    for name, dtype in schema.items():
        assert name in columns, f"{frame}.{name} is not a column of {table}"
        assert columns[name] in DUCKDB_TYPES[dtype], (frame, name, dtype, columns[name])


def test_every_frame_schema_is_declared_once() -> None:
    """No module outside schemas/ declares one of these names again."""
    root = Path(__file__).resolve().parents[2]
    names = [name for name in vars(frames) if name.isupper()]
    for package in ("core", "sources", "flows", "cli", "transforms", "warehouse"):
        for path in (root / package).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            for name in names:
                assert f"\n{name}: " not in text, (path.name, name)
                assert f"\n{name} = " not in text, (path.name, name)
