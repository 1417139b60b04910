"""Publishing for readers: Parquet files per month and a DuckDB-1.x-readable snapshot whose marts are views
over them; a publish rewrites only the months that changed, and equals a full publish of the same warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

import warehouse.publish as publish_module
from tests.warehouse.test_marts import article, country, deal, insert, mention, money, organization
from warehouse.db import connect, prepare, sql_text
from warehouse.publish import MANIFEST, Published, mart_layout, publish, published_at

Row = dict[str, object]


def warehouse_with_articles(path: Path, n: int) -> None:
    prepare(path)
    with connect(path) as con:
        con.execute("delete from core.articles")
        con.execute(
            "insert into ops.publish_changes (kind, month, recorded_at) values ('month', '2000-01', now())"
        )
        for i in range(n):
            con.execute(
                "insert into core.articles (article_id, canonical_url, url, id_source, title, published_at,"
                " date_source, publisher, first_feed, content_hash, first_seen_at, last_seen_at, updated_at,"
                " last_run_id) values (?, ?, ?, 'url', ?, timestamptz '2000-01-15 00:00:00+00', 'published',"
                " 'Alpha', 'alpha', 'h', now(), now(), now(), 'r')",
                [f"a{i}", f"https://alpha.example/{i}", f"https://alpha.example/{i}", f"Story {i}"],
            )


def test_publish_writes_every_mart_and_a_v1_snapshot_without_leftovers(tmp_path: Path) -> None:
    live = tmp_path / "warehouse.duckdb"
    warehouse_with_articles(live, 3)
    exports = tmp_path / "exports"
    done = publish(live, exports, tmp_path / "snapshot" / "warehouse.duckdb", "run-1")
    assert done.full
    assert done.exports["articles"] == 3
    assert set(done.exports) == set(mart_layout())
    manifest = json.loads((exports / MANIFEST).read_text())
    assert manifest["run_id"] == "run-1"
    assert manifest["rows"] == done.exports
    for name, rows in done.exports.items():
        listed = [path for paths in manifest["files"][name].values() for path in paths]
        counted = duckdb.sql(f"select count(*) from read_parquet({listed})").fetchall() if listed else [(0,)]
        assert counted == [(rows,)], name
    assert (exports / "articles" / "published_month=2000-01" / "data_0.parquet").exists()  # hive layout
    assert (exports / "feed_health.parquet").exists()  # a one-file mart
    stamp = published_at(exports)
    assert stamp is not None
    assert stamp.isoformat() == manifest["published_at"]
    assert published_at(tmp_path / "nowhere") is None
    with duckdb.connect(str(done.snapshot), read_only=True) as snap:
        assert snap.execute("select count(*) from marts.articles").fetchone() == (3,)
        kind = snap.execute("select table_type from information_schema.tables where table_name = 'articles'")
        assert kind.fetchone() == ("VIEW",)  # over the Parquet files: nothing copied
        tags = snap.execute(
            "select tags from duckdb_databases() where database_name = 'warehouse'"
        ).fetchone()
        assert tags is not None
        assert tags[0]["storage_version"].startswith("v1.0.0")
        # every file of every mart with rows listed, with the rows of its partition on its first file
        files = snap.execute("select mart, partition, path, rows from ops.published_files").fetchall()
        assert {mart for mart, _, _, _ in files} >= {mart for mart, rows in done.exports.items() if rows}
        assert {
            mart: sum(rows for m, _, _, rows in files if m == mart) for mart in done.exports
        } == done.exports
        assert all(path.endswith(".parquet") for _, _, path, _ in files)
    leftovers = [p.name for p in tmp_path.rglob(".*")]
    assert leftovers == []
    with connect(live, read_only=True) as con:  # the publish consumed the recorded changes
        assert con.execute("select count(*) from ops.publish_changes").fetchone() == (0,)


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
    second = publish(live, tmp_path / "exports", snapshot, "run-2")  # the reader still has the old file open
    assert not second.full
    assert "articles/2000-01" in second.written
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "2"  # its copy is intact and consistent
    reader.wait(timeout=30)
    with duckdb.connect(str(snapshot), read_only=True) as snap:
        assert snap.execute("select count(*) from marts.articles").fetchone() == (5,)


# --- incremental publishing equals a full publish ---------------------------------------------------------


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _ids(rows: list[Row]) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [str(r["article_id"]) for r in rows]}, schema={"article_id": pl.Utf8})


def load(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    articles: list[Row],
    facts: dict[str, list[Row]] | None = None,
    stories: list[Row] | None = None,
    sightings: list[Row] | None = None,
) -> None:
    """What a load does to the tables the marts read, with its change record (warehouse/load.py runs the same
    record_changes statement first in its transaction, record_deal_changes before it writes deals): articles
    upserted, their facts replaced, new story assignments and feed sightings inserted, a revision row per new
    content."""
    facts = facts or {}
    stories = stories or []
    sightings = sightings or []
    batch = pl.DataFrame(
        {
            "article_id": [str(a["article_id"]) for a in articles],
            "published_at": [a["published_at"] for a in articles],
            "run_id": [run_id] * len(articles),
        },
        schema={"article_id": pl.Utf8, "published_at": pl.Datetime("us", "UTC"), "run_id": pl.Utf8},
    )
    relations = {
        "batch_articles": batch,
        "batch_sightings": _ids(sightings),
        "batch_mentions": _ids(facts.get("core.entity_mentions", [])),
        "batch_money": _ids(facts.get("core.money_amounts", [])),
        "batch_deals": _ids(facts.get("core.deals", [])),
        "batch_stories": _ids(stories),
    }
    for name, frame in relations.items():
        con.register(name, frame.to_arrow())
    con.execute(sql_text("record_changes"))
    con.execute(sql_text("record_deal_changes"))
    for name in relations:
        con.unregister(name)
    ids = [str(a["article_id"]) for a in articles]
    if ids:
        for table in ("core.articles", "core.entity_mentions", "core.money_amounts", "core.deals"):
            con.execute(f"delete from {table} where article_id in (select unnest(?))", [ids])
        insert(con, "core.articles", articles)
        con.execute(
            "insert or ignore into core.article_revisions select article_id, content_hash, null, null,"
            " first_seen_at, last_seen_at, last_run_id from core.articles where article_id in (select unnest(?))",
            [ids],
        )
    for table, rows in facts.items():
        if rows:
            insert(con, table, rows)
    if stories:
        insert(con, "core.article_stories", stories)
    if sightings:
        insert(con, "core.article_feeds", sightings)


def story(article_id: str, story_id: str) -> Row:
    return {"article_id": article_id, "story_id": story_id, "similarity": None, "matched_article_id": None,
            "assigned_at": utc("2026-01-01 00:00"), "method_version": "test"}  # fmt: skip


def sighting(article_id: str, feed: str) -> Row:
    at = utc("2026-03-01 00:00")
    return {"article_id": article_id, "feed": feed, "first_seen_at": at, "last_seen_at": at, "times_seen": 1}


def snapshot_marts(snapshot: Path) -> dict[str, set[tuple[object, ...]]]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return {name: _rows(con, name) for name in mart_layout()}


def live_marts(warehouse: Path) -> dict[str, set[tuple[object, ...]]]:
    with connect(warehouse, read_only=True) as con:
        return {name: _rows(con, name) for name in mart_layout()}


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> set[tuple[object, ...]]:
    if name == "feed_health":  # hours since success follow the clock
        return {tuple(r) for r in con.execute("select feed, state from marts.feed_health").fetchall()}
    rows = con.execute(f"select * from marts.{name}").fetchall()
    return {tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows}


def exported_marts(exports: Path) -> dict[str, set[tuple[object, ...]]]:
    """Every mart as the Parquet files of the manifest (the hive tree) give it."""
    manifest = json.loads((exports / MANIFEST).read_text())
    found = {}
    con = duckdb.connect()
    for name in mart_layout():
        paths = [p for ps in manifest["files"][name].values() for p in ps]
        if name == "feed_health" or not paths:
            found[name] = set() if not paths else {("x",)}
            continue
        rows = con.execute(f"select * from read_parquet({paths}, hive_partitioning = false)").fetchall()
        found[name] = {tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows}
    return found


def _first_runs(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "core.dim_countries", [country("USA", "United States"), country("POL", "Poland"),
                                       country("UKR", "Ukraine")])  # fmt: skip
    insert(con, "core.dim_organizations", [organization("acme", "Acme Defense", "USA")])
    arts = [
        article("jan1", utc("2026-01-20 10:00"), publisher="Alpha"),
        article("jan2", utc("2026-01-31 23:30"), publisher="Beta"),
        article("feb1", utc("2026-02-05 08:00"), publisher="Alpha"),
        article("feb2", utc("2026-02-14 12:00"), publisher="Gamma"),
        article("mar1", utc("2026-03-02 09:00"), publisher="Alpha"),
    ]
    facts = {
        "core.entity_mentions": [
            mention("jan1", "country", "USA", "United States"), mention("jan1", "country", "POL", "Poland", at=30),
            mention("feb1", "country", "UKR", "Ukraine"), mention("feb1", "country", "POL", "Poland", at=20),
            mention("feb2", "organization", "acme", "Acme Defense"), mention("mar1", "country", "USA", "US"),
        ],
        "core.money_amounts": [money("jan1", 5e8, "$500 million"), money("feb2", 1e9, "$1 billion")],
        "core.deals": [
            deal("d-jan", "jan1", buyer="POL", supplier_id="acme", supplier="Acme", value=5e8),
            deal("d-feb", "feb1", buyer="POL", supplier_id="acme", supplier="Acme", value=5.01e8),
        ],
    }  # fmt: skip
    load(con, "run-1", arts, facts, [story("jan2", "jan1"), story("feb2", "feb2")],
         [sighting(a["article_id"], "alpha") for a in arts])  # fmt: skip


def _published_first_runs(tmp_path: Path) -> tuple[Path, Path, Path, Published]:
    """A live warehouse under ``tmp_path`` holding the first runs, published once: (live file, exports folder,
    snapshot, what the publish wrote)."""
    live = tmp_path / "warehouse.duckdb"
    prepare(live)
    exports, snapshot = tmp_path / "exports", tmp_path / "snapshot" / "warehouse.duckdb"
    with connect(live) as con:
        _first_runs(con)
    return live, exports, snapshot, publish(live, exports, snapshot, "run-1")


def _later_runs(con: duckdb.DuckDBPyConnection) -> None:
    # new articles in March, one of them a copy of January's story (the story's row is January's)
    load(
        con, "run-2",
        [article("mar2", utc("2026-03-10 10:00"), publisher="Delta"),
         article("mar3", utc("2026-03-11 10:00"), publisher="Alpha")],
        {"core.entity_mentions": [mention("mar2", "country", "UKR", "Ukraine"),
                                  mention("mar2", "country", "USA", "United States", at=40)],
         "core.money_amounts": [], "core.deals": []},
        [story("mar3", "jan1")], [sighting("mar2", "delta"), sighting("mar3", "alpha")],
    )  # fmt: skip
    # a revised January article; February's article re-extracted (new mentions, its deal gone) and carried by
    # a second feed; an article whose corrected date moves it from February to March
    load(
        con, "run-3",
        [article("jan2", utc("2026-01-31 23:30"), publisher="Beta", title="Revised", content_hash="h2"),
         article("feb1", utc("2026-02-05 08:00"), publisher="Alpha"),
         article("feb2", utc("2026-03-01 00:30"), publisher="Gamma")],
        {"core.entity_mentions": [mention("feb1", "country", "USA", "United States"),
                                  mention("feb2", "organization", "acme", "Acme Defense")],
         "core.money_amounts": [money("feb2", 1e9, "$1 billion")], "core.deals": []},
        [], [sighting("feb1", "beta")],
    )  # fmt: skip
    # a February deal that joins January's group: the deal marts change for an older month
    load(
        con, "run-4",
        [article("feb3", utc("2026-02-10 10:00"), publisher="Beta")],
        {"core.entity_mentions": [], "core.money_amounts": [],
         "core.deals": [deal("d-feb3", "feb3", buyer="POL", supplier_id="acme", supplier="Acme", value=4.99e8)]},
        [], [sighting("feb3", "beta")],
    )  # fmt: skip


def test_incremental_publishes_equal_a_full_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a handful of articles: whatever month changes holds a large share of them; month by month here
    monkeypatch.setattr(publish_module, "REWRITE_ALL_SHARE", 1.01)
    live, exports, snapshot, first = _published_first_runs(tmp_path)
    assert first.full
    assert snapshot_marts(snapshot) == live_marts(live)
    with connect(live) as con:
        _later_runs(con)
    second = publish(live, exports, snapshot, "run-4")
    assert not second.full
    months = {w.split("/", 1)[1] for w in second.written if w.startswith("articles/")}
    assert months == {"2026-01", "2026-02", "2026-03"}
    truth = live_marts(live)
    assert all(truth[name] for name in ("deal_groups", "stories", "country_co_mentions"))
    incremental = snapshot_marts(snapshot)
    for name in truth:
        assert incremental[name] == truth[name], name
    full = publish(
        live, tmp_path / "full" / "exports", tmp_path / "full" / "snapshot" / "w.duckdb", None, True
    )
    assert full.full
    assert snapshot_marts(full.snapshot) == incremental
    assert exported_marts(exports) == exported_marts(tmp_path / "full" / "exports")
    assert second.exports == full.exports

    # a run that changes only March: January's and February's files stay as they are
    before = {p: p.stat().st_ino for p in exports.rglob("*.parquet")}
    with connect(live) as con:
        load(
            con, "run-5", [article("mar4", utc("2026-03-20 10:00"))], None, None, [sighting("mar4", "alpha")]
        )
    third = publish(live, exports, snapshot, "run-5")
    assert {w for w in third.written if w.startswith("articles/")} == {"articles/2026-03"}
    after = {p: p.stat().st_ino for p in exports.rglob("*.parquet")}
    # (January's stories are rewritten: one of them has an article in March)
    january = [p for p in before if "2026-01" in str(p) and "stories" not in str(p)]
    assert january
    assert [p for p in january if after[p] != before[p]] == []
    assert "stories/2026-01" in third.written
    assert snapshot_marts(snapshot) == live_marts(live)


def test_marts_computed_several_at_a_time_equal_those_computed_one_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publish computes as many marts at once as DuckDB has threads (each after the marts it reads); one
    thread computes them in order. Same rows and files either way, full and incremental."""
    monkeypatch.setattr(publish_module, "REWRITE_ALL_SHARE", 1.01)
    live = tmp_path / "warehouse.duckdb"
    prepare(live)
    with connect(live) as con:
        _first_runs(con)
    found = {}
    for threads in ("1", "4"):
        monkeypatch.setenv("DNW_DUCKDB_THREADS", threads)
        copy = tmp_path / threads / "warehouse.duckdb"
        copy.parent.mkdir()
        copy.write_bytes(live.read_bytes())
        exports, snapshot = tmp_path / threads / "exports", tmp_path / threads / "snapshot" / "w.duckdb"
        first = publish(copy, exports, snapshot, "run-1")
        with connect(copy) as con:
            _later_runs(con)
        second = publish(copy, exports, snapshot, "run-4")
        assert first.full
        assert not second.full
        found[threads] = (snapshot_marts(snapshot), exported_marts(exports), second.exports, second.written)
        assert found[threads][0] == live_marts(copy)
    assert found["1"] == found["4"]


def test_changed_months_holding_most_articles_rewrite_everything_once(tmp_path: Path) -> None:
    """When the changed months hold at least half of the articles (a young warehouse), every mart is computed
    from the live tables, as in a full publish, and every month is written again: same rows as a full one."""
    live, exports, snapshot, _ = _published_first_runs(tmp_path)
    with connect(live) as con:
        _later_runs(con)  # January, February and March change: every article
    second = publish(live, exports, snapshot, "run-4")
    assert not second.full  # built on the last publish's state, not a fallback
    assert {w for w in second.written if w.startswith("articles/")} == {
        "articles/2026-01", "articles/2026-02", "articles/2026-03"
    }  # fmt: skip
    assert snapshot_marts(snapshot) == live_marts(live)
    full = publish(
        live, tmp_path / "full" / "exports", tmp_path / "full" / "snapshot" / "w.duckdb", None, True
    )
    assert exported_marts(exports) == exported_marts(tmp_path / "full" / "exports")
    assert second.exports == full.exports


def test_nothing_new_rewrites_no_month(tmp_path: Path) -> None:
    live, exports, snapshot, _ = _published_first_runs(tmp_path)
    months = {
        p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in exports.glob("*/published_month=*/*.parquet")
    }
    again = publish(live, exports, snapshot, None)
    assert again.written == ["feed_health/all"]  # follows the clock: recomputed (a few rows)
    assert {
        p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in exports.glob("*/published_month=*/*")
    } == months
    assert snapshot_marts(snapshot) == live_marts(live)


def test_a_changed_model_or_another_warehouse_publishes_everything(tmp_path: Path) -> None:
    live, exports, snapshot, _ = _published_first_runs(tmp_path)
    with connect(live) as con:
        con.execute("update ops.warehouse_identity set warehouse_id = 'another'")
    assert publish(live, exports, snapshot, None).full
    assert not publish(live, exports, snapshot, None).full
    (tmp_path / "snapshot" / "warehouse.duckdb").write_bytes(b"not a database")
    assert publish(live, exports, snapshot, None).full  # an unreadable snapshot: publish everything
    assert snapshot_marts(snapshot) == live_marts(live)


@pytest.mark.parametrize("point", ["publish_parquet", "publish_snapshot"])
def test_a_crash_mid_publish_leaves_the_last_publish_readable_and_the_next_correct(
    tmp_path: Path, point: str
) -> None:
    live, exports, snapshot, _ = _published_first_runs(tmp_path)
    published = snapshot_marts(snapshot)
    with connect(live) as con:
        _later_runs(con)
    crashed = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from warehouse.publish import publish\n"
         "publish(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 'crash')",
         str(live), str(exports), str(snapshot)],
        env={**os.environ, "DNW_FAULT_POINT": point, "PYTHONPATH": str(Path(__file__).parents[2])},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert crashed.returncode == -9, crashed.stderr[-2000:]
    assert snapshot_marts(snapshot) == published  # readers still see the last complete publish
    done: Published = publish(live, exports, snapshot, "run-4")
    assert not done.full
    assert snapshot_marts(snapshot) == live_marts(live)
    assert exported_marts(exports) == exported_marts(exports)  # readable
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]
    listed = json.loads((exports / MANIFEST).read_text())["files"]
    on_disk = {str(p) for p in exports.rglob("*.parquet")}
    assert on_disk == {p for parts in listed.values() for ps in parts.values() for p in ps}


def test_a_publish_out_of_memory_within_its_budget_is_done_again_at_the_full_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """DNW_PUBLISH_MEMORY_LIMIT bounds DuckDB while publishing; a budget too small for the publish costs a
    second attempt, not the publish; the connection's own limit is back afterwards."""
    live = tmp_path / "warehouse.duckdb"
    warehouse_with_articles(live, 3)
    monkeypatch.setenv("DNW_DUCKDB_MEMORY_LIMIT", "700MB")
    monkeypatch.setenv("DNW_PUBLISH_MEMORY_LIMIT", "256KB")
    with connect(live) as held:  # an open connection keeps the shared instance and its settings
        done = publish(live, tmp_path / "exports", tmp_path / "snapshot" / "warehouse.duckdb", "run-1")
        assert held.execute("select current_setting('memory_limit')").fetchone()[0].startswith("667")  # type: ignore[index]
    assert done.exports["articles"] == 3
    assert "out of memory within 256KB" in caplog.text


def test_the_publish_budget_is_a_size_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.errors import PublishError
    from warehouse.publish import publish_memory_limit

    assert publish_memory_limit() == "400MB"
    monkeypatch.setenv("DNW_PUBLISH_MEMORY_LIMIT", "none")
    assert publish_memory_limit() == ""
    monkeypatch.setenv("DNW_PUBLISH_MEMORY_LIMIT", "1.5GB")
    assert publish_memory_limit() == "1.5GB"
    monkeypatch.setenv("DNW_PUBLISH_MEMORY_LIMIT", "lots")
    with pytest.raises(PublishError, match="DNW_PUBLISH_MEMORY_LIMIT"):
        publish_memory_limit()
