"""feedparser's own test corpus (2,106 XML cases: well-formed, ill-formed, encodings, entities, sanitizing)
goes through fetch, parse, normalize, validate and load in one run: no crash, every entry accounted for."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.feeds import Feed
from core.settings import Settings
from flows.ingest import ingest
from sources.loopback import serve_directory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]


def test_feedparser_corpus_runs_clean(tmp_path: Path, corpus: Path) -> None:
    root = corpus / "feedparser-tests" / "tests"
    files = sorted(root.rglob("*.xml"))
    assert len(files) >= 2000
    settings = Settings(
        warehouse=tmp_path / "wh.duckdb",
        data_dir=tmp_path / "data",
        concurrency=32,
        per_host_concurrency=32,
        data_docs=False,
    )
    with serve_directory(root) as base:
        feeds = [
            Feed(
                f"fp-{i:04d}", f"{base}/{path.relative_to(root).as_posix()}", f"feedparser {path.parent.name}"
            )
            for i, path in enumerate(files)
        ]
        summary = ingest(feeds, settings)

    assert summary.status == "ok"
    assert summary.reconciled
    outcomes = {r.outcome for r in summary.feeds}
    assert outcomes <= {"ok", "parse_error"}, outcomes  # served fine; some cases are not feeds at all
    for report in summary.feeds:
        assert report.new + report.updated + report.quarantined + report.duplicate == report.entries, report
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        loaded = con.execute("select count(*) from core.articles").fetchone()
        fetched = con.execute("select count(*), sum(entries) from ops.fetch_log").fetchone()
    assert fetched == (len(files), summary.entries_seen)
    assert loaded is not None
    assert loaded[0] == summary.entries_new
