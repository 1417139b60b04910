"""Pending markers and retention in the landing zone (plain files, no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sources.landing import (
    clear_pending,
    land_body,
    mark_pending,
    park_pending,
    pending_runs,
    prune,
    run_manifests,
    write_bodiless_manifests,
    write_manifest,
)
from sources.manifests import read_manifests

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def manifest(landing: Path, run_id: str, fetch_id: str, when: datetime, body: bytes | None) -> None:
    path = None
    if body is not None:
        _, stored = land_body(landing, body)
        path = str(stored.relative_to(landing))
    record = {"fetch_id": fetch_id, "run_id": run_id, "started_at": when.isoformat(), "landing_path": path}
    write_manifest(landing, fetch_id, when, record)


def test_pending_runs_are_listed_oldest_first_and_their_manifests_found(tmp_path: Path) -> None:
    mark_pending(tmp_path, "20261102T000000Z-bbbb", T0)
    mark_pending(tmp_path, "20261101T000000Z-aaaa", T0)
    manifest(tmp_path, "20261101T000000Z-aaaa", "f2", T0 + timedelta(seconds=2), b"<rss/>")
    manifest(tmp_path, "20261101T000000Z-aaaa", "f1", T0 + timedelta(seconds=1), None)
    manifest(tmp_path, "20261102T000000Z-bbbb", "f3", T0 + timedelta(days=1), b"<feed/>")
    assert pending_runs(tmp_path) == ["20261101T000000Z-aaaa", "20261102T000000Z-bbbb"]
    assert [m["fetch_id"] for m in run_manifests(tmp_path, "20261101T000000Z-aaaa")] == ["f1", "f2"]
    clear_pending(tmp_path, "20261101T000000Z-aaaa")
    clear_pending(tmp_path, "never-marked")  # no error
    assert pending_runs(tmp_path) == ["20261102T000000Z-bbbb"]


def test_a_parked_run_keeps_its_error_and_is_no_longer_pending(tmp_path: Path) -> None:
    mark_pending(tmp_path, "r1", T0)
    park_pending(tmp_path, "r1", "ValueError: broken payload")
    assert pending_runs(tmp_path) == []
    parked = json.loads((tmp_path / "pending" / "failed" / "r1.json").read_text())
    assert parked == {"run_id": "r1", "error": "ValueError: broken payload"}


def test_prune_keeps_what_a_pending_run_landed_whatever_its_age(tmp_path: Path) -> None:
    manifest(tmp_path, "old-loaded", "f1", T0, b"<rss>loaded</rss>")
    manifest(tmp_path, "old-pending", "f2", T0, b"<rss>pending</rss>")
    mark_pending(tmp_path, "old-pending", T0)
    assert prune(tmp_path, 7, T0 + timedelta(days=30)) == (1, 1)
    assert [m["fetch_id"] for m in run_manifests(tmp_path, "old-pending")] == ["f2"]
    assert not (tmp_path / "fetches" / "2026-11-01" / "old-loaded").exists()  # empty run folder removed


def bodiless(run_id: str, fetch_id: str, when: datetime) -> dict[str, object]:
    return {"fetch_id": fetch_id, "run_id": run_id, "started_at": when.isoformat(), "landing_path": None}


def test_the_fetches_without_a_body_are_read_back_and_pruned_with_the_others(tmp_path: Path) -> None:
    """A batch's 304s and failures share one file (one line each); readers see them as manifests like any
    other, and prune deletes the file once the newest of them is old enough, never while its run is pending."""
    manifest(tmp_path, "r1", "f2", T0 + timedelta(seconds=2), b"<rss/>")
    write_bodiless_manifests(tmp_path, "r1", [bodiless("r1", "f3", T0 + timedelta(seconds=3))])
    write_bodiless_manifests(tmp_path, "r1", [bodiless("r1", "f1", T0 + timedelta(seconds=1))])
    assert write_bodiless_manifests(tmp_path, "r1", []) is None  # nothing to record, no file
    write_bodiless_manifests(
        tmp_path, "r2", [bodiless("r2", "g1", T0), bodiless("r2", "g2", T0 + timedelta(days=10))]
    )
    assert [m["fetch_id"] for m in run_manifests(tmp_path, "r1")] == ["f1", "f2", "f3"]
    assert [m["fetch_id"] for m in read_manifests(tmp_path)] == ["g1", "f1", "f2", "f3", "g2"]  # by start
    mark_pending(tmp_path, "r1", T0)
    assert prune(tmp_path, 7, T0 + timedelta(days=12)) == (0, 0)  # r1 pending, r2's newest 2 days old
    clear_pending(tmp_path, "r1")
    assert prune(tmp_path, 7, T0 + timedelta(days=12)) == (3, 1)
    assert [m["fetch_id"] for m in read_manifests(tmp_path)] == ["g1", "g2"]
