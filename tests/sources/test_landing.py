"""Pending markers and retention in the landing zone (plain files, no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sources.landing import (
    LandingLog,
    clear_pending,
    land_body,
    mark_pending,
    park_pending,
    pending_runs,
    prune,
    read_body,
    run_manifests,
    write_bodiless_manifests,
)
from sources.manifests import read_manifests

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def manifest(landing: Path, run_id: str, fetch_id: str, when: datetime, body: bytes | None) -> None:
    log = LandingLog(landing, run_id, f"{when:%Y-%m-%d}")
    place = log.land(body)[1] if body is not None else None
    log.record(
        {"fetch_id": fetch_id, "run_id": run_id, "started_at": when.isoformat(), "landing_path": place}
    )
    log.close()


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


def test_a_run_packs_its_bodies_and_manifests_into_two_files_read_back_by_place(tmp_path: Path) -> None:
    """Bodies go to one pack per fetching process and run (a body sent by several feeds once), manifests to
    one log; a place names the pack and the byte range, and reads back the exact bytes."""
    log = LandingLog(tmp_path, "r1", "2026-11-01")
    bodies = [f"<rss>{n}</rss>".encode() * (n + 1) for n in range(5)]
    places = [log.land(body)[1] for body in [*bodies, bodies[2]]]
    for n, place in enumerate(places[:5]):
        log.record({"fetch_id": f"f{n}", "run_id": "r1", "started_at": T0.isoformat(), "landing_path": place})
    log.close()
    assert places[5] == places[2]
    assert [read_body(tmp_path / place) for place in places[:5]] == bodies
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == 2
    assert files[1].startswith("packs/2026-11-01/r1.")
    assert files[1].endswith(".pack")
    assert files[0].startswith("fetches/2026-11-01/r1/landed-")
    assert files[0].endswith(".jsonl")
    assert [m["landing_path"] for m in run_manifests(tmp_path, "r1")] == places[:5]


def test_a_manifest_line_cut_short_by_a_crash_is_skipped(tmp_path: Path) -> None:
    manifest(tmp_path, "r1", "f1", T0, b"<rss/>")
    [log] = (tmp_path / "fetches").rglob("landed-*.jsonl")
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"fetch_id": "f2", "run_id": "r1", "sta')
    assert [m["fetch_id"] for m in run_manifests(tmp_path, "r1")] == ["f1"]


def test_prune_deletes_a_pack_once_no_manifest_uses_it_and_keeps_old_body_files_in_use(
    tmp_path: Path,
) -> None:
    manifest(tmp_path, "old", "f1", T0, b"<rss>old</rss>")
    manifest(tmp_path, "new", "f2", T0 + timedelta(days=20), b"<rss>new</rss>")
    _, legacy = land_body(tmp_path, b"<rss>same as before</rss>")  # a body sent again unchanged
    record = {"fetch_id": "f3", "run_id": "new", "started_at": (T0 + timedelta(days=20)).isoformat(),
              "landing_path": str(legacy.relative_to(tmp_path))}  # fmt: skip
    write_bodiless_manifests(tmp_path, "new", [record])
    assert prune(tmp_path, 7, T0 + timedelta(days=21)) == (1, 1)
    assert [p.name.partition(".")[0] for p in (tmp_path / "packs").rglob("*.pack")] == ["new"]
    assert not (tmp_path / "packs" / "2026-11-01").exists()  # its empty day folder too
    assert legacy.exists()
    assert prune(tmp_path, 7, T0 + timedelta(days=40)) == (2, 2)
    assert not any((tmp_path / "packs").rglob("*.pack"))
    assert not legacy.exists()
