"""The run report as text (printed by `dnw run`) and as markdown (the Prefect artifact of each run)."""

from __future__ import annotations

from pathlib import Path

from core.outcomes import UNCHANGED
from core.summary import RunSummary

HEADER = (
    f"{'feed':<24} {'outcome':<14} {'http':>4} {'entries':>7} {'new':>5} {'upd':>4} {'quar':>5} {'dup':>5}"
)


def _line(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_summary(summary: RunSummary) -> str:
    """The run report as printed by `dnw run` and `dnw demo`."""
    seconds = (summary.finished_at - summary.started_at).total_seconds()
    lines = [f"run {summary.run_id}: {summary.status} in {seconds:.1f} s", HEADER]
    for r in summary.feeds:
        status = "" if r.http_status is None else str(r.http_status)
        outcome = "-" if r.outcome is None else str(r.outcome)
        lines.append(
            f"{_line(r.feed):<24} {_line(outcome, 14):<14} {status:>4} {r.entries:>7} {r.new:>5} "
            f"{r.updated:>4} {r.quarantined:>5} {r.duplicate:>5}"
        )
        if r.error:
            lines.append(f"{'':<24} ↳ {r.error[:160]}")
    if summary.not_due:
        lines.append(
            f"not due yet ({len(summary.not_due)}): {', '.join(summary.not_due)} (--all fetches them anyway)"
        )
    if summary.gone:
        lines.append(
            f"gone, not polled ({len(summary.gone)}): {', '.join(summary.gone)} (`dnw feeds enable NAME`)"
        )
    mark = "reconciled" if summary.reconciled else "NOT RECONCILED"
    lines.append(
        f"entries: {summary.entries_seen} seen = {summary.entries_loaded} loaded "
        f"({summary.entries_new} new, {summary.entries_updated} updated) + {summary.entries_quarantined} "
        f"quarantined + {summary.entries_duplicate} duplicate: {mark}"
    )
    if summary.entries_loaded == 0:
        unchanged = sum(r.outcome in UNCHANGED for r in summary.feeds)
        lines.append(
            f"nothing new: {unchanged} of {len(summary.feeds)} feeds unchanged since the last run, "
            "no articles loaded"
        )
    if summary.validation_failures:
        rules = ", ".join(summary.validation_failures)
        lines.append(f"rules that set entries aside (see `dnw quarantine list`): {rules}")
    if summary.facts_quarantined:
        lines.append(
            f"{summary.facts_quarantined} extracted facts quarantined (mentions, money amounts or deals)"
        )
    for run in summary.recovered:
        lines.append(
            f"recovered earlier run {run.run_id} (landed, never loaded): {run.entries_seen} entries seen = "
            f"{run.entries_loaded} loaded + {run.entries_quarantined} quarantined + "
            f"{run.entries_duplicate} duplicate: {'reconciled' if run.reconciled else 'NOT RECONCILED'}"
        )
    if summary.published:
        lines.append(f"published: {summary.published} and Parquet exports beside it (`dnw sql` reads it)")
    lines.extend(f"note: {line}" for line in summary.notes)
    lines.extend(f"warning: {line}" for line in summary.warnings)
    lines.extend(f"error: {line}" for line in summary.errors)
    if summary.stage_seconds:
        total = sum(summary.stage_seconds.values())
        parts = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in summary.stage_seconds.items())
        share = summary.stage_seconds.get("validate", 0.0) / total if total else 0.0
        lines.append(f"seconds by stage: {parts} (validation {share:.0%} of {total:.1f} s)")
    if memory := peak_memory(summary):
        lines.append(f"memory: {memory}")
    return "\n".join(lines)


def peak_memory(summary: RunSummary) -> str | None:
    """ "peak 1,275 MB in this process (during load)": what the run's own process needed at most (None when
    the platform does not say). Its parse and fact workers are processes of their own, not counted."""
    if summary.peak_rss_mb is None:
        return None
    when = f"during {summary.peak_stage}" if summary.peak_stage else "before this run's stages"
    return f"peak {summary.peak_rss_mb:,.0f} MB in this process ({when})"


def format_markdown(summary: RunSummary) -> str:
    """The run summary as a markdown table (the Prefect artifact of each ingest run)."""
    seconds = (summary.finished_at - summary.started_at).total_seconds()
    mark = "reconciled" if summary.reconciled else "**NOT reconciled**"
    lines = [
        f"# Run `{summary.run_id}`: {summary.status} in {seconds:.1f} s",
        "",
        f"{summary.entries_seen} entries seen = {summary.entries_loaded} loaded ({summary.entries_new} new, "
        f"{summary.entries_updated} updated) + {summary.entries_quarantined} quarantined + "
        f"{summary.entries_duplicate} duplicate: {mark}",
        "",
        "| feed | outcome | HTTP | entries | new | updated | quarantined | duplicate | error |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in summary.feeds:
        error = (r.error or "").replace("|", "\\|").replace("\n", " ")[:160]
        lines.append(
            f"| {r.feed} | {r.outcome or '-'} | {r.http_status or ''} | {r.entries} | {r.new} | "
            f"{r.updated} | {r.quarantined} | {r.duplicate} | {error} |"
        )
    extra = [f"- recovered run `{run.run_id}`: {run.entries_loaded} loaded" for run in summary.recovered]
    extra += [f"- not due: {', '.join(summary.not_due)}"] if summary.not_due else []
    extra += [f"- gone: {', '.join(summary.gone)}"] if summary.gone else []
    extra += (
        [f"- HTML report: [{summary.report}]({Path(summary.report).resolve().as_uri()})"]
        if summary.report
        else []
    )
    extra += [f"- note: {line}" for line in summary.notes]
    extra += [f"- warning: {line}" for line in summary.warnings]
    extra += [f"- error: {line}" for line in summary.errors]
    if summary.stage_seconds:
        extra.append(
            "- seconds by stage: " + ", ".join(f"{k} {v:.2f}" for k, v in summary.stage_seconds.items())
        )
    if memory := peak_memory(summary):
        extra.append(f"- memory: {memory}")
    return "\n".join([*lines, "", *extra] if extra else lines)
