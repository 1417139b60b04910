from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pytest

from schemas.tables import TABLES
from warehouse.db import (
    ROW_GROUP_SIZE,
    STREAM_MAX_ROWS,
    Migration,
    MigrationError,
    arrow_table,
    connect,
    discover_migrations,
    migrate,
    prepare,
    query_frame,
    refresh_models,
)

TYPE_ALIASES = {"TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE"}


def test_prepare_creates_the_contract_and_reapplying_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    first = prepare(path)
    assert first == [m.version for m in discover_migrations()]
    assert prepare(path) == []
    with connect(path, read_only=True) as con:
        versions = con.execute("select version from ops.schema_migrations order by version").fetchall()
    assert [v for (v,) in versions] == first


@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.name)
def test_every_spec_matches_the_warehouse(tmp_path: Path, spec: object) -> None:
    path = tmp_path / "wh.duckdb"
    prepare(path)
    schema, name = spec.name.split(".")  # type: ignore[attr-defined]
    with connect(path, read_only=True) as con:
        actual = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall()
    expected = [(c.name, TYPE_ALIASES.get(c.type, c.type)) for c in spec.columns]  # type: ignore[attr-defined]
    assert actual == expected


def test_contract_columns_of_design_md_are_present() -> None:
    contract = {
        "marts.articles": ["article_id", "canonical_url", "url", "title", "summary", "published_at", "publisher",
                           "language", "first_seen_at", "feed_count"],
        "marts.entity_mentions": ["article_id", "entity_type", "entity_id", "entity_name", "mention_count"],
        "marts.money_amounts": ["article_id", "amount", "currency", "amount_usd", "text"],
        "ops.pipeline_runs": ["entries_seen", "entries_loaded", "entries_quarantined", "entries_duplicate"],
        "marts.deals": ["deal_id", "article_id", "published_at", "buyer", "seller_country", "supplier", "supplier_id",
                        "system", "weapon_id", "weapon_family", "quantity", "value", "currency", "value_usd", "stage",
                        "contract_id", "agency", "evidence", "start_offset", "end_offset", "extractor_version",
                        "deal_group_id"],
    }  # fmt: skip
    specs = {t.name: [c.name for c in t.columns] for t in TABLES}
    for table, columns in contract.items():
        assert specs[table][: len(columns)] == columns or set(columns) <= set(specs[table]), table
    assert {"ops.fetch_log", "ops.feed_state", "quality.quarantine", "quality.validation_runs"} <= set(specs)


def test_an_edited_applied_migration_is_refused(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        migrate(con, [Migration(1, "one", "create table t (a int);")])
        with pytest.raises(MigrationError, match="changed after it was applied"):
            migrate(con, [Migration(1, "one", "create table t (a int, b int);")])


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        migrations = [
            Migration(1, "one", "create table t (a int);"),
            Migration(2, "bad", "create table u (a int); select nope;"),
        ]
        with pytest.raises(MigrationError, match="0002_bad failed"):
            migrate(con, migrations)
        assert con.execute("select count(*) from ops.schema_migrations").fetchone() == (1,)
        assert con.execute(
            "select count(*) from information_schema.tables where table_name = 'u'"
        ).fetchone() == (0,)


def test_models_refresh_is_repeatable(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    prepare(path)
    with connect(path) as con:
        names = refresh_models(con)
        assert refresh_models(con) == names
    assert names.index("staging.stg_articles") < names.index("marts.articles")


def test_views_are_created_again_only_when_the_models_changed_or_one_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    prepare(path)

    def refreshed(con: duckdb.DuckDBPyConnection) -> object:
        return con.execute("select refreshed_at from ops.model_state").fetchall()

    with connect(path) as con:
        first = refreshed(con)
        assert len(first) == 1
        refresh_models(con)
        assert refreshed(con) == first, "same models, same migrations: the views are kept"
        con.execute("drop view marts.deal_groups")
        refresh_models(con)
        assert con.execute("select count(*) from marts.deal_groups").fetchone() == (0,)
        second = refreshed(con)
        assert second != first
        con.execute("update ops.model_state set digest = 'models of an older version'")
        refresh_models(con)
        assert refreshed(con) != second
        third = refreshed(con)
        refresh_models(con, force=True)
        assert refreshed(con) != third


def test_data_dictionary_doc_is_generated_from_the_specs() -> None:
    from schemas.tables import data_dictionary

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert data_dictionary() in doc, "docs/data-dictionary.md is stale: paste `python -m schemas.tables`"


def test_mentions_stored_before_rules_existed_are_alias_mentions(tmp_path: Path) -> None:
    migrations = discover_migrations()
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        migrate(con, [m for m in migrations if m.version < 7])
        con.execute(
            "insert into core.entity_mentions values ('a', 'country', 'USA', 'United States', 'U.S.', 'title', 0, 4,"
            " 'gazetteer-1')"
        )
        migrate(con, migrations)
        assert con.execute("select rule from core.entity_mentions").fetchall() == [("alias",)]
        columns = con.execute(
            "select column_name from information_schema.columns where table_name = 'articles'"
        ).fetchall()
        assert ("feed_country",) in columns


def test_revisions_stored_with_their_article_text_keep_only_replaced_text(tmp_path: Path) -> None:
    """Migration 0013: a revision that is its article's current content drops its copy of the text (the
    article holds it); a replaced revision keeps its own."""
    migrations = discover_migrations()
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        migrate(con, [m for m in migrations if m.version < 13])
        con.execute(
            "insert into core.articles (article_id, id_source, title, summary, content_hash, revision_count,"
            " published_at, date_source, publisher, first_feed, first_seen_at, last_seen_at, updated_at,"
            " last_run_id) values ('a', 'guid', 'Now', 'Current.', 'h2', 2, '2026-01-01', 'published', 'P', 'p',"
            " '2026-01-01', '2026-01-02', '2026-01-02', 'r2')"
        )
        con.execute(
            "insert into core.article_revisions values"
            " ('a', 'h1', 'Before', 'Replaced.', '2026-01-01', '2026-01-01', 'r1'),"
            " ('a', 'h2', 'Now', 'Current.', '2026-01-02', '2026-01-02', 'r2')"
        )
        migrate(con, migrations)
        stored = "select content_hash, title, summary from core.article_revisions order by content_hash"
        assert con.execute(stored).fetchall() == [("h1", "Before", "Replaced."), ("h2", None, None)]


def test_connections_set_duckdb_memory_and_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        limit, threads = con.execute(
            "select current_setting('memory_limit'), current_setting('threads')"
        ).fetchone()  # type: ignore[misc]
    assert limit.endswith(("MiB", "GiB"))  # a quarter of the machine's RAM
    assert threads >= 1
    monkeypatch.setenv("DNW_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("DNW_DUCKDB_THREADS", "1")
    with connect(path) as con:
        assert con.execute(
            "select current_setting('memory_limit'), current_setting('threads')"
        ).fetchone() == ("286.1 MiB", 1)


def test_writers_use_the_project_row_group_size_and_share_one_instance(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    prepare(path)
    with connect(path) as con:
        assert con.execute("select current_database()").fetchone() == ("w",)  # as duckdb.connect names it
        assert con.execute("select current_setting('temp_directory')").fetchone() == (f"{path}.tmp",)
        con.execute("create table ops.numbers (n integer primary key)")
        con.execute("begin transaction")
        con.execute(f"insert into ops.numbers select range from range({2 * ROW_GROUP_SIZE + 10})")
        con.execute("commit")
        with connect(path) as nested:  # another connection of this process: the same instance
            assert nested.execute("select count(*) from ops.numbers").fetchone() == (2 * ROW_GROUP_SIZE + 10,)
        groups = con.execute("select count(distinct row_group_id) from pragma_storage_info('ops.numbers')")
        assert groups.fetchone() == (3,)
    assert not path.with_name(path.name + ".wal").exists()  # the last connection closed it: checkpointed
    with connect(path) as con:  # and a later checkpoint keeps the groups as they are
        con.execute("create table ops.other as select 1 as one")
    with connect(path, read_only=True) as con:
        groups = con.execute("select count(distinct row_group_id) from pragma_storage_info('ops.numbers')")
        assert groups.fetchone() == (3,)


def test_row_groups_written_before_a_crash_in_the_transaction_are_not_in_the_file(tmp_path: Path) -> None:
    """Full row groups are written to the file before the commit; a process killed before it leaves nothing
    visible, and the file opens and takes the same rows again."""
    path = tmp_path / "w.duckdb"
    prepare(path)
    with connect(path) as con:
        con.execute("create table ops.numbers (n integer primary key, s varchar)")
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from warehouse.db import connect\n"
        "with connect(Path(sys.argv[1])) as con:\n"
        "    con.execute('begin transaction')\n"
        "    con.execute(\"insert into ops.numbers select range, repeat('x', 200) from range(100000)\")\n"
        "    os._exit(9)\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], check=False, env={**os.environ, "PYTHONPATH": root}
    )
    assert done.returncode == 9
    with connect(path) as con:
        assert con.execute("select count(*) from ops.numbers").fetchone() == (0,)
        con.execute("insert into ops.numbers select range, repeat('y', 200) from range(100000)")
    with connect(path) as con:
        assert con.execute("select count(*), min(s) = max(s) from ops.numbers").fetchone() == (100000, True)


def test_frames_reach_duckdb_as_string_views_without_a_copy_and_read_back_the_same(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"title": ["Łódź buys K2 tanks", None], "tags": [["army", "tanks"], []]},
        schema={"title": pl.String(), "tags": pl.List(pl.String())},
    )
    table = arrow_table(frame)
    assert pa.RecordBatchReader.from_stream(table).schema.field("title").type == pa.string_view()
    with connect(tmp_path / "wh.duckdb") as con:
        con.register("batch", table)
        assert con.sql("select * from batch").pl().equals(frame)
        assert query_frame(con, "select * from batch").equals(frame)
        assert query_frame(con, "select * from batch").equals(frame)  # a stream read again
    large = pl.DataFrame({"title": ["K2"] * STREAM_MAX_ROWS})  # scanned by column and in parallel: a table
    assert isinstance(arrow_table(large), pa.Table)
    assert arrow_table(large).schema.field("title").type == pa.string_view()


def test_a_process_that_reads_and_loads_the_warehouse_imports_neither_pyarrow_nor_numpy(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import polars as pl\n"
        "from warehouse.db import arrow_table, connect, query_frame\n"
        f"with connect(Path({str(tmp_path / 'wh.duckdb')!r})) as con:\n"
        "    con.register('batch', arrow_table(pl.DataFrame({'a': ['x'], 'b': [1]})))\n"
        "    con.execute('create table t as select * from batch')\n"
        "    print(query_frame(con, 'select * from t').rows(), 'pyarrow' in sys.modules, 'numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[('x', 1)] False False"
