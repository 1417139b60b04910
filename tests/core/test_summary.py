"""The reconciliation and the run record, with literal frames."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from core.outcomes import Outcome, RunKind, RunStatus
from core.summary import FetchLine, RunSummary, fill_summary
from sources.records import run_record

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
STATUSES = {"article_id": pl.String(), "feed": pl.String(), "status": pl.String()}
BY_FEED = {"feed": pl.String()}


def _statuses(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=STATUSES, orient="row")


def test_counts_that_add_up_reconcile() -> None:
    summary = RunSummary("r1", T0, T0)
    fill_summary(
        summary,
        {"a": 4},
        [FetchLine("a", Outcome.OK, 200)],
        _statuses(("x1", "a", "new"), ("x2", "a", "changed"), ("x3", "a", "same")),
        pl.DataFrame({"feed": ["a"]}, schema=BY_FEED),
        pl.DataFrame(schema=BY_FEED),
    )
    assert (summary.status, summary.reconciled, summary.errors) == (RunStatus.OK, True, [])
    assert (summary.entries_new, summary.entries_updated, summary.entries_duplicate) == (1, 1, 2)
    [line] = summary.feeds
    assert (line.entries, line.new, line.updated, line.duplicate, line.quarantined) == (4, 1, 1, 2, 0)


def test_a_reconciliation_mismatch_marks_the_run_failed() -> None:
    """Seen 5 entries, but only 1 loaded + 1 quarantined + 0 duplicate: the run must say so and fail."""
    summary = RunSummary("r2", T0, T0)
    fill_summary(
        summary,
        {"a": 5},
        [FetchLine("a", Outcome.OK, 200)],
        _statuses(("x1", "a", "new")),
        pl.DataFrame(schema=BY_FEED),
        pl.DataFrame({"feed": ["a"]}, schema=BY_FEED),
    )
    assert summary.reconciled is False
    assert summary.status == RunStatus.FAILED
    assert summary.errors == ["reconciliation failed: seen 5 != loaded 1 + quarantined 1 + duplicate 0"]
    row = run_record(summary, None).row(0, named=True)
    assert (row["status"], row["reconciled"]) == ("failed", False)
    assert row["error"] == "reconciliation failed: seen 5 != loaded 1 + quarantined 1 + duplicate 0"


def test_run_record_counts_feeds_by_outcome_set() -> None:
    summary = RunSummary("r3", T0, T0)
    fill_summary(
        summary,
        {},
        [
            FetchLine("a", Outcome.OK, 200),
            FetchLine("b", Outcome.UNCHANGED, 200),
            FetchLine("c", Outcome.NOT_MODIFIED, 304),
            FetchLine("d", Outcome.TIMEOUT, None, "timed out"),
            FetchLine("e", Outcome.PARSE_ERROR, 200, "not a feed"),
        ],
        _statuses(),
        pl.DataFrame(schema=BY_FEED),
        pl.DataFrame(schema=BY_FEED),
    )
    row = run_record(summary, "flow-1").row(0, named=True)
    counts = ("feeds_total", "feeds_ok", "feeds_not_modified", "feeds_failed", "flow_run_id", "run_kind")
    assert tuple(row[k] for k in counts) == (5, 2, 1, 2, "flow-1", "ingest")


def test_a_retry_run_fetches_nothing_and_counts_no_feed_as_failed() -> None:
    """Retry feed lines carry no outcome: they used to be counted in feeds_failed as 'retried'."""
    summary = RunSummary("r4", T0, T0, run_kind=RunKind.RETRY)
    fill_summary(
        summary,
        {"a": 1, "b": 1},
        [FetchLine("a", None), FetchLine("b", None)],
        _statuses(("x1", "a", "new")),
        pl.DataFrame(schema=BY_FEED),
        pl.DataFrame({"feed": ["b"]}, schema=BY_FEED),
    )
    row = run_record(summary, None).row(0, named=True)
    counts = ("feeds_total", "feeds_ok", "feeds_not_modified", "feeds_failed", "status", "run_kind")
    assert tuple(row[k] for k in counts) == (0, 0, 0, 0, "ok", "retry")


def test_a_feed_that_keeps_failing_does_not_make_a_run_republish() -> None:
    summary = RunSummary("r5", T0, T0)
    fill_summary(
        summary,
        {"a": 0, "b": 0},
        [FetchLine("a", Outcome.NOT_MODIFIED, 304), FetchLine("b", Outcome.HTTP_ERROR, 500, "HTTP 500")],
        _statuses(),
        pl.DataFrame(schema=BY_FEED),
        pl.DataFrame(schema=BY_FEED),
    )
    assert summary.changed_what_is_published  # b fails for the first time: its health changed
    summary.failing_before = {"b"}
    assert not summary.changed_what_is_published  # b failed before too: the hourly publish carries it
