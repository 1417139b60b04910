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

# Measured with feedparser 6.0.14 (constraints.txt) on the corpus's 2,106 cases: exact, so that a parser that
# fails on everything (or loads nothing) cannot pass. A feedparser upgrade may move them: re-measure.
PARSED_OK = 2098
PARSE_ERRORS = 8
ENTRIES_SEEN = 1217
ENTRIES_LOADED = 31  # most entries of the test cases lack a link/guid, a title or any content
ENTRIES_QUARANTINED = 1182
ENTRIES_DUPLICATE = 4


def test_feedparser_corpus_runs_clean(tmp_path: Path, corpus: Path) -> None:
    root = corpus / "feedparser-tests" / "tests"
    files = sorted(root.rglob("*.xml"))
    assert len(files) == PARSED_OK + PARSE_ERRORS
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
    outcomes = [r.outcome for r in summary.feeds]
    assert set(outcomes) == {"ok", "parse_error"}  # served fine; some cases are not feeds at all
    assert (outcomes.count("ok"), outcomes.count("parse_error")) == (PARSED_OK, PARSE_ERRORS)
    assert summary.entries_seen == ENTRIES_SEEN
    assert summary.entries_new == ENTRIES_LOADED
    assert summary.entries_quarantined == ENTRIES_QUARANTINED
    assert summary.entries_duplicate == ENTRIES_DUPLICATE
    for report in summary.feeds:
        assert report.new + report.updated + report.quarantined + report.duplicate == report.entries, report
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        loaded = con.execute("select count(*) from core.articles").fetchone()
        fetched = con.execute("select count(*), sum(entries) from ops.fetch_log").fetchone()
    assert fetched == (len(files), summary.entries_seen)
    assert loaded is not None
    assert loaded == (ENTRIES_LOADED,)
