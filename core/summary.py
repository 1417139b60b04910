"""What a run did: per-feed report lines, totals and the reconciliation (sources/records.py turns it into the
ops.pipeline_runs row)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from core.outcomes import SUCCEEDED, Outcome, RunKind, RunStatus


@dataclass(frozen=True)
class FetchLine:
    """What one fetch of a run came to, as the report and the run record need it (``outcome`` None: the
    feed's entries came from somewhere other than a fetch, e.g. the quarantine in a retry run)."""

    feed: str
    outcome: Outcome | None
    http_status: int | None = None
    error: str | None = None


@dataclass
class FeedReport:
    """One line of the run report."""

    feed: str
    outcome: Outcome | None
    http_status: int | None = None
    entries: int = 0
    new: int = 0
    updated: int = 0
    quarantined: int = 0
    duplicate: int = 0
    error: str | None = None


@dataclass
class RunSummary:
    """What a run did, for the report and for callers."""

    run_id: str
    started_at: datetime
    finished_at: datetime
    status: RunStatus = RunStatus.OK
    run_kind: RunKind = RunKind.INGEST
    feeds: list[FeedReport] = field(default_factory=list)
    entries_seen: int = 0
    entries_new: int = 0
    entries_updated: int = 0
    entries_quarantined: int = 0
    entries_duplicate: int = 0
    reconciled: bool = True
    validation_failures: list[str] = field(default_factory=list)  # quarantine rules that set rows aside
    warnings: list[str] = field(default_factory=list)  # batch checks that failed, one line each
    errors: list[str] = field(default_factory=list)  # why the run is marked failed
    facts_quarantined: int = 0  # mention and money rows set aside (not entries: outside the reconciliation)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float | None = None  # this process's peak resident memory (MB)
    peak_stage: str | None = None  # the stage during which the run raised it (None: before its stages)
    not_due: list[str] = field(default_factory=list)  # feeds skipped: their next check is later
    gone: list[str] = field(default_factory=list)  # feeds skipped: marked gone (410 or long 404 run)
    recovered: list[RunSummary] = field(default_factory=list)  # earlier runs' landed fetches loaded first
    notes: list[str] = field(default_factory=list)  # operational events, e.g. the live file was held open
    failing_before: set[str] = field(default_factory=set)  # feeds whose previous fetch had failed already
    published: str | None = None  # the snapshot written after the load (None: publishing off or failed)
    report: str | None = None  # the HTML report written from that snapshot (None: not written)

    @property
    def changed_what_is_published(self) -> bool:
        """Whether the run changed what the snapshot shows: articles loaded or quarantined (again), facts set
        aside, a feed newly failing or gone, earlier runs recovered. A run where every feed answered 304, was
        unchanged or kept failing as it already did, did not (its feeds' next check times, failure counts and
        last errors move, which the next publish carries: at the latest the hourly one)."""
        return bool(
            self.entries_loaded
            or self.entries_quarantined
            or self.facts_quarantined
            or self.recovered
            or any(
                line.outcome not in SUCCEEDED and line.feed not in self.failing_before for line in self.feeds
            )
        )

    @property
    def entries_loaded(self) -> int:
        """New plus updated articles."""
        return self.entries_new + self.entries_updated

    @property
    def ok(self) -> bool:
        """True when the run did what it should (failed feeds are reported, not fatal)."""
        return self.status == RunStatus.OK


def new_run_id(started_at: datetime) -> str:
    """Sortable, unique run id: UTC timestamp plus a random suffix."""
    return f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def fill_summary(
    summary: RunSummary,
    seen: dict[str, int],
    fetches: list[FetchLine],
    statuses: pl.DataFrame,
    duplicates: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> None:
    """Per-feed and total counts; the reconciliation compares independently computed totals.

    ``seen``: entries parsed per feed; ``fetches``: one line per fetch (or per feed of a retry);
    ``statuses``: article_id, feed, status (new | changed | same) of what the load merged;
    ``quarantine``: entry-level quarantine rows (parsed and entries stages) of this run.
    A mismatch marks the run failed.
    """
    counts: dict[tuple[str, str], int] = {
        (r[0], r[1]): int(r[2]) for r in statuses.group_by("feed", "status").len().iter_rows()
    }
    quarantined = dict(quarantine.group_by("feed").len().iter_rows()) if quarantine.height else {}
    in_batch_dups = dict(duplicates.group_by("feed").len().iter_rows()) if duplicates.height else {}
    summary.feeds = [
        FeedReport(
            feed=line.feed,
            outcome=line.outcome,
            http_status=line.http_status,
            entries=seen.get(line.feed, 0),
            new=counts.get((line.feed, "new"), 0),
            updated=counts.get((line.feed, "changed"), 0),
            quarantined=int(quarantined.get(line.feed, 0)),
            duplicate=int(in_batch_dups.get(line.feed, 0)) + counts.get((line.feed, "same"), 0),
            error=line.error,
        )
        for line in fetches
    ]
    summary.entries_seen = sum(seen.values())
    summary.entries_new = int((statuses["status"] == "new").sum())
    summary.entries_updated = int((statuses["status"] == "changed").sum())
    summary.entries_quarantined = quarantine.height
    summary.entries_duplicate = duplicates.height + int((statuses["status"] == "same").sum())
    summary.reconciled = summary.entries_seen == (
        summary.entries_loaded + summary.entries_quarantined + summary.entries_duplicate
    )
    if not summary.reconciled:
        summary.errors.append(
            f"reconciliation failed: seen {summary.entries_seen} != loaded {summary.entries_loaded} + "
            f"quarantined {summary.entries_quarantined} + duplicate {summary.entries_duplicate}"
        )
    if summary.errors:
        summary.status = RunStatus.FAILED
