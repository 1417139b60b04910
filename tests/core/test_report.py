"""The run summary as text and as the markdown artifact of each run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.report import format_markdown, format_summary
from core.summary import FeedReport, RunSummary

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def summary() -> RunSummary:
    recovered = RunSummary("20261128T074500Z-aaaa", T0, T0, status="ok", run_kind="recovered", entries_seen=3,
                           entries_new=3)  # fmt: skip
    return RunSummary(
        "20261128T080000Z-bbbb", T0, T0 + timedelta(seconds=4.2), status="ok",
        feeds=[FeedReport("alpha", "ok", 200, 5, 4, 0, 1, 0),
               FeedReport("bravo", "http_error", 503, error="HTTP 503 | retry later")],
        entries_seen=5, entries_new=4, entries_quarantined=1, recovered=[recovered],
        notes=["the warehouse file is held open by duckdb (PID 7)"], stage_seconds={"fetch": 0.5},
        published="data/snapshot/warehouse.duckdb",
    )  # fmt: skip


def test_markdown_artifact_has_the_feed_table_and_the_reconciliation() -> None:
    text = format_markdown(summary())
    assert text.startswith("# Run `20261128T080000Z-bbbb`: ok in 4.2 s")
    assert "5 entries seen = 4 loaded (4 new, 0 updated) + 1 quarantined + 0 duplicate: reconciled" in text
    assert "| alpha | ok | 200 | 5 | 4 | 0 | 1 | 0 |  |" in text
    assert "HTTP 503 \\| retry later" in text  # a pipe in an error cannot break the table
    assert "- recovered run `20261128T074500Z-aaaa`: 3 loaded" in text
    assert "- note: the warehouse file is held open by duckdb (PID 7)" in text


def test_text_report_names_recovered_runs_notes_and_the_snapshot() -> None:
    text = format_summary(summary())
    assert (
        "recovered earlier run 20261128T074500Z-aaaa (landed, never loaded): 3 entries seen = 3 loaded"
        in text
    )
    assert "note: the warehouse file is held open by duckdb (PID 7)" in text
    assert "published: data/snapshot/warehouse.duckdb" in text


def test_reports_say_what_memory_the_run_needed_and_when() -> None:
    run = summary()
    run.peak_rss_mb, run.peak_stage = 1274.6, "load"
    line = "peak 1,275 MB in this process (during load)"
    assert f"memory: {line}" in format_summary(run)
    assert f"- memory: {line}" in format_markdown(run)
    run.peak_stage = None  # an earlier run of the process needed more
    assert "memory: peak 1,275 MB in this process (before this run's stages)\n" in format_summary(run) + "\n"
    run.peak_rss_mb = None  # a platform that does not say
    assert "memory:" not in format_summary(run)
