"""`dnw quarantine retry`: re-validate open quarantined entries after a rule or reference-data fix.

Retry takes the open quarantined entries, runs them through the same stage pipeline as a live run (current
rules, current reference data, facts extracted, one transaction, reconciliation recorded in
ops.pipeline_runs with run_kind 'retry'). Rows that still fail stay open with their refreshed reasons. A
retry fetches nothing: its feed lines carry no outcome and count in no feed total of the run record.
"""

from __future__ import annotations

import polars as pl

from core.clock import utcnow
from core.outcomes import RunKind
from core.settings import Settings
from core.summary import FetchLine, RunSummary, new_run_id
from flows.parameters import flow
from flows.pipeline import StageBatch, StageTimer, run_settings, run_stages
from flows.tasks import prepare_warehouse, publish_task
from schemas.frames import QUARANTINE_SCHEMA
from schemas.validate import wait_for_data_docs
from sources import records
from transforms.quality import decode_quarantined
from warehouse.lock import writer_lock
from warehouse.quarantine import open_entries


@flow(name="quarantine-retry", log_prints=False, validate_parameters=False)
def retry_quarantine(settings: Settings | None = None, ids: list[int] | None = None) -> RunSummary:
    """Re-validate open quarantined entries and load those that now pass (holding the writer lock)."""
    settings = run_settings(settings)
    with writer_lock(settings.warehouse, settings.lock_timeout):
        started_at = utcnow()
        summary = RunSummary(new_run_id(started_at), started_at, started_at, run_kind=RunKind.RETRY)
        prepare_warehouse(settings.warehouse)
        rows = open_entries(settings.warehouse, ids)
        seen = {str(feed): int(count) for feed, count in rows.group_by("feed").len().iter_rows()}
        batch = StageBatch(
            articles=decode_quarantined(rows),
            seen=seen,
            fetches=[FetchLine(feed, None) for feed in sorted(seen)],
            fetch_log=records.empty_fetch_log(),
            feed_state=records.empty_feed_state(),
            quarantine=pl.DataFrame(schema=QUARANTINE_SCHEMA),
        )
        timed = StageTimer(summary)
        run_stages(summary, settings, batch, timed)
        if settings.publish:  # readers see the released rows without waiting for the next run
            published = publish_task(settings, summary.run_id)
            summary.published = str(published.snapshot)
            summary.report = str(published.report) if published.report else None
        timed("data docs", wait_for_data_docs)
        return summary
