"""What BI tools read, read the way they read it: the snapshot through SQLAlchemy's duckdb-engine dialect
(the path of Superset and other Python BI tools), and every Parquet export through pyarrow.

The demo runs once, as for the README's queries (tests/test_readme_queries.py), and leaves its snapshot and
Parquet exports behind.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy

from schemas.tables import TABLES
from tests.test_readme_queries import EXAMPLES, render, snapshot

pytestmark = pytest.mark.e2e
__all__ = ["snapshot"]  # the module-scoped fixture that runs the demo

# How DuckDB writes each type of the data dictionary to Parquet, as pyarrow reads it back. HUGEINT (sums of
# BIGINT) has no Parquet type: DuckDB writes it as a double.
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "HUGEINT": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "VARCHAR[]": pa.list_(pa.string()),
}


@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=[f"query{i + 1}" for i in range(len(EXAMPLES))])
def test_readme_query_through_sqlalchemy(snapshot: Path, query: str, expected: list[list[str]]) -> None:
    engine = sqlalchemy.create_engine(f"duckdb:///{snapshot}", connect_args={"read_only": True})
    try:
        with engine.connect() as connection:
            result = connection.execute(sqlalchemy.text(query))
            header = list(result.keys())
            rows = [[render(value) for value in row] for row in result.fetchall()]
            # what a BI tool asks first: which schemas and tables there are
            inspector = sqlalchemy.inspect(connection)
            listed = inspector.get_table_names(schema="marts") + inspector.get_view_names(schema="marts")
            assert "articles" in listed  # a view over the mart's Parquet files
    finally:
        engine.dispose()
    assert [header, *rows] == expected, query


def test_every_parquet_export_matches_the_data_dictionary(snapshot: Path) -> None:
    """Hive layout (exports/<mart>/published_month=YYYY-MM/data_<i>.parquet) for the marts that grow with the
    articles, exports/<mart>.parquet for the others; the manifest lists every file, and only those exist."""
    exports = snapshot.parent.parent / "exports"
    listed = json.loads((exports / "_published.json").read_text(encoding="utf-8"))["files"]
    specs = {spec.name: spec for spec in TABLES}
    marts = {name.split(".", 1)[1] for name in specs if name.startswith("marts.")}
    assert set(listed) == marts, "a manifest entry per mart, and a spec for each"
    paths = {Path(p): mart for mart, parts in listed.items() for ps in parts.values() for p in ps}
    assert set(exports.rglob("*.parquet")) == set(paths)
    assert any(p.parent.name.startswith("published_month=") for p in paths)
    for path, mart in paths.items():
        schema = pq.read_schema(path)
        spec = specs[f"marts.{mart}"]
        expected = [(c.name, ARROW_TYPES[c.type]) for c in spec.columns]
        assert [(f.name, f.type) for f in schema] == expected, path
        assert pq.ParquetFile(path).metadata.num_rows >= 0


def test_every_published_mart_equals_its_view_in_the_live_warehouse(snapshot: Path) -> None:
    """Publishing computes each mart once and lets the marts that read it (deal groups and the deal
    aggregates read deals; most read articles) read the snapshot's table: the rows are those of the views."""
    live = snapshot.parent.parent / "warehouse.duckdb"
    assert live.exists()
    with duckdb.connect(str(live), read_only=True) as con:
        con.execute(f"attach '{snapshot}' as snap (read_only)")
        marts = [
            row[0]
            for row in con.execute(
                "select view_name from duckdb_views() where database_name = 'warehouse' "
                "and schema_name = 'marts' and not internal"
            ).fetchall()
        ]
        assert "deal_groups" in marts
        for mart in marts:
            if mart == "feed_health":  # its next-check columns are computed against the clock
                continue
            for left, right in (
                (f"marts.{mart}", f"snap.marts.{mart}"),
                (f"snap.marts.{mart}", f"marts.{mart}"),
            ):
                extra = con.execute(f"select count(*) from (from {left} except all from {right})").fetchone()
                assert extra == (0,), f"{left} has rows {right} lacks"
