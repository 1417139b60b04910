"""Publishing for readers: Parquet exports and a DuckDB-1.x-readable snapshot, each replaced atomically."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from warehouse.db import connect, prepare
from warehouse.publish import publish, published_at


def warehouse_with_articles(path: Path, n: int) -> None:
    prepare(path)
    with connect(path) as con:
        con.execute("delete from core.articles")
        for i in range(n):
            con.execute(
                "insert into core.articles (article_id, canonical_url, url, id_source, title, published_at,"
                " date_source, publisher, first_feed, content_hash, first_seen_at, last_seen_at, updated_at,"
                " last_run_id) values (?, ?, ?, 'url', ?, now(), 'published', 'Alpha', 'alpha', 'h', now(),"
                " now(), now(), 'r')",
                [f"a{i}", f"https://alpha.example/{i}", f"https://alpha.example/{i}", f"Story {i}"],
            )


def test_publish_writes_every_mart_and_a_v1_snapshot_without_leftovers(tmp_path: Path) -> None:
    live = tmp_path / "warehouse.duckdb"
    warehouse_with_articles(live, 3)
    done = publish(live, tmp_path / "exports", tmp_path / "snapshot" / "warehouse.duckdb", "run-1")
    assert done.exports["articles"] == 3
    assert {"articles", "entity_mentions", "money_amounts", "feed_health"} <= set(done.exports)
    for name, rows in done.exports.items():
        assert duckdb.sql(f"select count(*) from '{tmp_path / 'exports' / name}.parquet'").fetchall() == [
            (rows,)
        ]
    manifest = json.loads((tmp_path / "exports" / "_published.json").read_text())
    assert manifest["run_id"] == "run-1"
    stamp = published_at(tmp_path / "exports")
    assert stamp is not None
    assert stamp.isoformat() == manifest["published_at"]
    assert published_at(tmp_path / "nowhere") is None
    assert manifest["rows"] == done.exports
    with duckdb.connect(str(done.snapshot), read_only=True) as snap:
        assert snap.execute("select count(*) from marts.articles").fetchone() == (3,)
        kinds = dict(snap.execute(
            "select table_name, 'table' from duckdb_tables() where schema_name = 'marts'"
        ).fetchall())  # fmt: skip
        assert "articles" in kinds  # materialized: no view text for an older reader to parse
        tags = snap.execute(
            "select tags from duckdb_databases() where database_name = 'warehouse'"
        ).fetchone()
        assert tags is not None
        assert tags[0]["storage_version"].startswith("v1.0.0")
    leftovers = [p.name for p in tmp_path.rglob(".*")]
    assert leftovers == []


def test_a_reader_of_the_old_snapshot_is_not_disturbed_by_the_next_publish(tmp_path: Path) -> None:
    live = tmp_path / "warehouse.duckdb"
    snapshot = tmp_path / "snapshot" / "warehouse.duckdb"
    warehouse_with_articles(live, 2)
    publish(live, tmp_path / "exports", snapshot, "run-1")
    reader = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True)\n"
         "print(con.execute('select count(*) from marts.articles').fetchone()[0], flush=True)\n"
         "sys.stdin.readline()\n"
         "print(con.execute('select count(*) from marts.articles').fetchone()[0], flush=True)",
         str(snapshot)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None
    assert reader.stdin is not None
    assert reader.stdout.readline().strip() == "2"
    warehouse_with_articles(live, 5)
    publish(live, tmp_path / "exports", snapshot, "run-2")  # the reader still has the old file open
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "2"  # its copy is intact and consistent
    reader.wait(timeout=30)
    with duckdb.connect(str(snapshot), read_only=True) as snap:
        assert snap.execute("select count(*) from marts.articles").fetchone() == (5,)
