"""What a run did: per-feed report lines, totals, the reconciliation, and the ops.pipeline_runs row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl
from prefect.runtime import flow_run

from flows import __version__


@dataclass
class FeedReport:
    """One line of the run report."""

    feed: str
    outcome: str
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
    status: str
    run_kind: str = "ingest"
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
    not_due: list[str] = field(default_factory=list)  # feeds skipped: their next check is later
    gone: list[str] = field(default_factory=list)  # feeds skipped: marked gone (410 or long 404 run)
    recovered: list[RunSummary] = field(default_factory=list)  # earlier runs' landed fetches loaded first
    notes: list[str] = field(default_factory=list)  # operational events, e.g. the live file was held open
    published: str | None = None  # the snapshot written after the load (None: publishing off or failed)

    @property
    def entries_loaded(self) -> int:
        """New plus updated articles."""
        return self.entries_new + self.entries_updated


def new_run_id(started_at: datetime) -> str:
    """Sortable, unique run id: UTC timestamp plus a random suffix."""
    return f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def fill_summary(
    summary: RunSummary,
    seen: dict[str, int],
    outcomes: list[tuple[str, str, int | None, str | None]],
    statuses: pl.DataFrame,
    duplicates: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> None:
    """Per-feed and total counts; the reconciliation compares independently computed totals.

    ``seen``: entries parsed per feed; ``outcomes``: (feed, outcome, http status, error) per fetch;
    ``quarantine``: entry-level quarantine rows (parsed and entries stages) of this run.
    """
    counts: dict[tuple[str, str], int] = {
        (r[0], r[1]): int(r[2]) for r in statuses.group_by("feed", "status").len().iter_rows()
    }
    quarantined = dict(quarantine.group_by("feed").len().iter_rows()) if quarantine.height else {}
    in_batch_dups = dict(duplicates.group_by("feed").len().iter_rows()) if duplicates.height else {}
    summary.feeds = []
    for feed, outcome, status, error in outcomes:
        summary.feeds.append(
            FeedReport(
                feed=feed,
                outcome=outcome,
                http_status=status,
                entries=seen.get(feed, 0),
                new=counts.get((feed, "new"), 0),
                updated=counts.get((feed, "changed"), 0),
                quarantined=int(quarantined.get(feed, 0)),
                duplicate=int(in_batch_dups.get(feed, 0)) + counts.get((feed, "same"), 0),
                error=error,
            )
        )
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
        summary.status = "failed"


RUN_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String(), "flow_run_id": pl.String(), "started_at": pl.Datetime("us", "UTC"),
    "finished_at": pl.Datetime("us", "UTC"), "status": pl.String(), "feeds_total": pl.Int32(),
    "feeds_ok": pl.Int32(), "feeds_not_modified": pl.Int32(), "feeds_failed": pl.Int32(),
    "entries_seen": pl.Int32(), "entries_loaded": pl.Int32(), "entries_new": pl.Int32(),
    "entries_updated": pl.Int32(), "entries_quarantined": pl.Int32(), "entries_duplicate": pl.Int32(),
    "reconciled": pl.Boolean(), "error": pl.String(), "pipeline_version": pl.String(),
    "run_kind": pl.String(), "warnings": pl.List(pl.String()),
}  # fmt: skip


def run_record(summary: RunSummary, error: str | None = None) -> pl.DataFrame:
    """The ops.pipeline_runs row for a summary."""
    outcomes = [r.outcome for r in summary.feeds]
    flow_run_id = flow_run.get_id()
    message = error or ("; ".join(summary.errors) if summary.errors else None)
    return pl.DataFrame(
        [
            {
                "run_id": summary.run_id,
                "flow_run_id": str(flow_run_id) if flow_run_id else None,
                "started_at": summary.started_at,
                "finished_at": summary.finished_at,
                "status": summary.status,
                "feeds_total": len(outcomes),
                "feeds_ok": sum(o in ("ok", "unchanged") for o in outcomes),
                "feeds_not_modified": sum(o == "not_modified" for o in outcomes),
                "feeds_failed": sum(o not in ("ok", "unchanged", "not_modified") for o in outcomes),
                "entries_seen": summary.entries_seen,
                "entries_loaded": summary.entries_loaded,
                "entries_new": summary.entries_new,
                "entries_updated": summary.entries_updated,
                "entries_quarantined": summary.entries_quarantined,
                "entries_duplicate": summary.entries_duplicate,
                "reconciled": summary.reconciled,
                "error": message[:4000] if message else None,
                "pipeline_version": __version__,
                "run_kind": summary.run_kind,
                "warnings": summary.warnings,
            }
        ],
        schema=RUN_SCHEMA,
    )
