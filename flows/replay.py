"""`dnw replay`: rebuild a warehouse from the landing zone alone (no network).

The landing zone holds every body (gzip, by SHA-256) and one manifest per fetch (feed, publisher, URL, status,
headers, outcome, times). Replay takes the manifests in the order they were fetched, groups them by the run
that fetched them, and runs each group through the same steps as a live run, with the original fetch times
as first-seen times. Delete (or move) the warehouse file, replay, and the marts come back identical.
"""

from __future__ import annotations

import json
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from prefect import flow

from flows.config import ConfigError, Feed, Settings
from flows.fetch import FetchResult
from flows.ingest import prepare_warehouse, process_fetches, read_state
from flows.summary import RunSummary
from warehouse.lock import writer_lock


def read_manifests(landing_dir: Path) -> list[dict[str, Any]]:
    """Every fetch manifest, oldest first."""
    manifests = [
        json.loads(path.read_text(encoding="utf-8")) for path in (landing_dir / "fetches").rglob("*.json")
    ]
    return sorted(manifests, key=lambda m: (m["started_at"], m["fetch_id"]))


def to_fetch_result(manifest: dict[str, Any]) -> FetchResult:
    """A fetch as recorded, its body to be read back from the landing zone."""
    return FetchResult(
        fetch_id=manifest["fetch_id"],
        feed=manifest["feed"],
        url=manifest["url"],
        started_at=datetime.fromisoformat(manifest["started_at"]),
        finished_at=datetime.fromisoformat(manifest["finished_at"]),
        outcome=manifest["outcome"],
        http_status=manifest.get("http_status"),
        final_url=manifest.get("final_url"),
        headers=manifest.get("headers") or {},
        size=manifest.get("bytes") or 0,
        body_sha256=manifest.get("body_sha256"),
        landing_path=manifest.get("landing_path"),
        error=manifest.get("error"),
        permanent_redirect=manifest.get("permanent_redirect"),
    )


def landed_run(
    manifests: list[dict[str, Any]], configured: dict[str, Feed]
) -> tuple[list[Feed], list[FetchResult]]:
    """The feeds and fetches of landed manifests, ready for process_fetches (replay and recovery).

    A feed keeps the publisher and language recorded at fetch time; the feeds file fills in what an older
    manifest lacks.
    """
    fetches = [to_fetch_result(m) for m in manifests]
    feeds = []
    for m in manifests:
        known = configured.get(m["feed"])
        feeds.append(
            Feed(
                name=m["feed"],
                url=known.url if known else m["url"],
                publisher=m.get("publisher") or (known.publisher if known else m["feed"]),
                language=m.get("language") or (known.language if known else None),
            )
        )
    return feeds, fetches


@flow(name="replay", log_prints=False, validate_parameters=False)
def replay(settings: Settings, feeds: list[Feed] | None = None) -> list[RunSummary]:
    """Replay every landed run, oldest first, into a warehouse that does not exist yet."""
    if settings.warehouse.exists():
        raise ConfigError(
            f"{settings.warehouse} exists: replay rebuilds a warehouse, move the file away first"
        )
    configured = {feed.name: feed for feed in feeds or []}
    manifests = read_manifests(settings.landing_dir)
    summaries = []
    with writer_lock(settings.warehouse, settings.lock_timeout):
        prepare_warehouse.fn(settings.warehouse)
        for run_id, group in groupby(manifests, key=lambda m: m["run_id"]):
            run_feeds, fetches = landed_run(list(group), configured)
            started = min(f.started_at for f in fetches)
            summary = RunSummary(f"{run_id}-replay", started, started, status="ok", run_kind="replay")
            state, history = read_state.fn(settings.warehouse)
            process_fetches(summary, settings, run_feeds, fetches, state, history)
            summaries.append(summary)
    return summaries
