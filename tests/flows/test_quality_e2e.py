"""Data quality end to end: quarantine with reasons, retry after a reference-data fix, batch warnings."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from core.feeds import Feed
from core.settings import Settings
from flows.ingest import ingest
from flows.retry import retry_quarantine
from warehouse.quarantine import list_quarantine, show_quarantine
from warehouse.seeds import SEEDS_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]

UKRAINIAN = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kyiv Desk</title><link>https://kyiv.example/</link><language>uk</language>
<item><title>Ukraine receives more IRIS-T SLM launchers from Germany</title><link>https://kyiv.example/iris-t</link>
<description>Berlin confirmed the delivery of two more IRIS-T SLM fire units to Ukraine.</description>
<pubDate>Tue, 24 Nov 2026 09:00:00 +0200</pubDate></item>
<item><title>Ukrainian drone makers scale up production</title><link>https://kyiv.example/drones</link>
<description>Producers expect to deliver more long-range drones next year.</description>
<pubDate>Wed, 25 Nov 2026 09:00:00 +0200</pubDate></item>
</channel></rss>"""


def rss(items: int) -> str:
    body = "".join(
        f"<item><title>Story {i}</title><link>https://wire.example/{i}</link>"
        f"<description>Text {i}</description><pubDate>Tue, 24 Nov 2026 09:00:00 +0000</pubDate></item>"
        for i in range(items)
    )
    return f"<rss version='2.0'><channel><title>Wire</title><link>https://wire.example/</link>{body}</channel></rss>"


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_retry_loads_rows_after_a_reference_data_fix(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    # reference data without Ukrainian: the feed's language is not accepted and its entries are quarantined
    old_seeds = tmp_path / "old-seeds"
    shutil.copytree(SEEDS_DIR, old_seeds)
    languages = old_seeds / "languages.csv"
    languages.write_text(
        "".join(
            line
            for line in languages.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("uk,")
        ),
        encoding="utf-8",
    )
    (feed_dir / "kyiv.xml").write_text(UKRAINIAN, encoding="utf-8")
    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data", seeds_dir=old_seeds)
    first = ingest([Feed("kyiv", f"{feed_server}/kyiv.xml", "Kyiv Desk")], settings)
    assert (first.entries_seen, first.entries_quarantined, first.entries_loaded) == (2, 2, 0)
    assert first.reconciled
    listed = list_quarantine(settings.warehouse, "open", None, 10)
    assert listed["reasons"].to_list() == [["language_is_iso639_1"], ["language_is_iso639_1"]]
    row = show_quarantine(settings.warehouse, int(listed["id"][0]))
    assert row is not None
    assert row["row_json"]["language"] == "uk"

    # the reference data is fixed (the bundled seeds know "uk"): retry loads both, with their facts
    retried = retry_quarantine(replace(settings, seeds_dir=None))
    assert retried.run_kind == "retry"
    assert (retried.entries_seen, retried.entries_new, retried.entries_quarantined) == (2, 2, 0)
    assert retried.reconciled
    assert query(settings.warehouse, "select count(*) from marts.articles where language = 'uk'") == [(2,)]
    assert query(settings.warehouse, "select status, count(*) from quality.quarantine group by all") == [
        ("released", 2)
    ]
    assert query(
        settings.warehouse, "select entity_id from marts.entity_mentions where entity_type = 'weapon_system'"
    ) == [("iris-t-slm",)]
    assert query(
        settings.warehouse, "select run_kind, reconciled from ops.pipeline_runs order by started_at"
    ) == [
        ("ingest", True),
        ("retry", True),
    ]
    assert retry_quarantine(settings).entries_seen == 0  # nothing left open


def test_volume_drop_is_a_warning_unless_fail_on_names_it(
    tmp_path: Path, feed_dir: Path, feed_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data")
    feeds = [Feed("wire", f"{feed_server}/wire.xml", "Wire")]
    (feed_dir / "wire.xml").write_text(rss(12), encoding="utf-8")
    assert ingest(feeds, settings).warnings == []

    (feed_dir / "wire.xml").write_text(rss(0), encoding="utf-8")
    dropped = ingest(feeds, settings, refetch=True)
    assert dropped.status == "ok"
    assert [w.split(":")[0] for w in dropped.warnings] == ["feeds.volume_not_dropped"]
    assert "(wire)" in dropped.warnings[0]
    # logged by the flow run (the load's task run asks for the run's verdict; the flow run logs it)
    logged = [r for r in caplog.records if r.getMessage().startswith("data quality warning: feeds.volume")]
    assert logged
    assert {r.name for r in logged} == {"prefect.flow_runs"}

    strict = ingest(feeds, replace(settings, fail_on=("volume_not_dropped",)), refetch=True)
    assert strict.status == "failed"
    assert strict.errors
    assert "volume_not_dropped" in strict.errors[0]
    rows = query(
        settings.warehouse, "select status, error, warnings from ops.pipeline_runs order by started_at"
    )
    assert [r[0] for r in rows] == ["ok", "ok", "failed"]
    assert "volume_not_dropped" in str(rows[2][1])
    assert len(rows[1][2]) == 1
    checks = query(
        settings.warehouse,
        "select count(distinct suite), bool_and(severity in ('quarantine', 'warning', 'error')) from quality.validation_runs",
    )
    assert checks == [(7, True)]  # parsed, entries, articles, mentions, money, deals, feeds
    docs = settings.data_dir / "quality" / "data_docs"
    assert (docs / "index.html").exists()
    # every suite a run validated has its page, and the index links them (rendered in one build)
    pages = {p.relative_to(docs / "validations").parts[0] for p in docs.glob("validations/**/*.html")}
    assert {"parsed", "entries", "articles", "feeds"} <= pages  # the last run found no facts
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert all(f"validations/{suite}/" in index for suite in pages)
