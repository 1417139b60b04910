"""Landed fetches read back from their manifests: what replay and pending-run recovery feed the pipeline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from core.feeds import Feed
from core.outcomes import Outcome
from sources.http import FetchResult
from sources.landing import manifest_files


def read_manifests(landing_dir: Path) -> list[dict[str, Any]]:
    """Every fetch manifest, oldest first."""
    manifests = [m for _, held in manifest_files(landing_dir / "fetches", "**/*") for m in held]
    return sorted(manifests, key=lambda m: (m["started_at"], m["fetch_id"]))


def to_fetch_result(manifest: dict[str, Any]) -> FetchResult:
    """A fetch as recorded, its body to be read back from the landing zone."""
    return FetchResult(
        fetch_id=manifest["fetch_id"],
        feed=manifest["feed"],
        url=manifest["url"],
        started_at=datetime.fromisoformat(manifest["started_at"]),
        finished_at=datetime.fromisoformat(manifest["finished_at"]),
        outcome=Outcome(manifest["outcome"]),
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

    A feed keeps the publisher, language and country recorded at fetch time; the feeds file fills in what an
    older manifest lacks.
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
                country=m.get("country") or (known.country if known else None),
            )
        )
    return feeds, fetches
