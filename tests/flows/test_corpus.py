"""Every real-world feed in the shared corpus goes through the whole pipeline; no entry vanishes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import feedparser
import pytest

from core.feeds import Feed
from core.settings import Settings
from flows.ingest import ingest
from sources.loopback import serve_directory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]


def _feed_name(path: Path) -> str:
    return path.stem.lower().replace("__", "-").replace("_", "-")[:80]


def test_every_real_feed_entry_is_loaded_quarantined_or_duplicate(tmp_path: Path, corpus: Path) -> None:
    real = corpus / "real-feeds"
    files = sorted(p for p in real.iterdir() if p.suffix == ".xml")
    assert len(files) >= 20
    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data", total_timeout=30)
    with serve_directory(real) as base:
        feeds = [Feed(_feed_name(p), f"{base}/{p.name}", publisher=_feed_name(p)) for p in files]
        summary = ingest(feeds, settings)

    # feedparser's own count of entries, independent of the pipeline
    expected = {_feed_name(p): len(feedparser.parse(p.read_bytes()).entries) for p in files}
    reports = {r.feed: r for r in summary.feeds}
    for name, count in expected.items():
        report = reports[name]
        assert report.outcome == "ok", (name, report.outcome, report.error)
        assert report.entries == count, name
        assert report.new + report.updated + report.quarantined + report.duplicate == count, name
    assert summary.reconciled
    assert summary.entries_seen == sum(expected.values())

    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        loaded = con.execute("select count(*) from marts.articles").fetchone()
        quarantined = con.execute(
            "select count(*), count(*) filter (where len(reasons) = 0) from quality.quarantine"
        ).fetchone()
        not_utc = con.execute("select count(*) from marts.articles where published_at is null").fetchone()
    assert loaded == (summary.entries_new,)
    assert quarantined == (summary.entries_quarantined, 0)
    assert not_utc == (0,)
