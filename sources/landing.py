"""The landing zone: every response body on disk (gzip, content-addressed) before anything parses it.

Layout under ``<data dir>/landing``::

    bodies/ab/abcdef....xml.gz      one file per distinct body (SHA-256 of the raw bytes)
    fetches/2026-11-28/<run_id>/<fetch_id>.json   the manifest of a fetch that landed a body: feed, url,
                                                  status, headers, hash
    fetches/2026-11-28/<run_id>/nobody-<id>.jsonl the manifests of a fetch batch's fetches that landed no
                                                  body (304s, failures), one per line
    pending/<run_id>.json               a run that landed payloads and has not loaded them yet
    shards/<run_id>/...                 a sharded run's staged shard results (sources/shards.py)

The manifests plus bodies are enough to rebuild the warehouse. The fetches that landed no body are recorded
together once their batch is done: a file per fetch made a 304 cost as much as its request (1,000 of them:
0.45 s of CPU). A run writes its pending marker before it fetches anything and removes it once its load has
committed; a marker left behind (a crash, or a warehouse held open by a reader until the run gave up) tells
the next run which landed fetches it must load first.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any


def _atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary name in the same folder (fsynced when ``durable``), then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # one temporary name per process and thread: two fetches may land the same body at once
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)


def body_path(landing_dir: Path, sha256: str) -> Path:
    """Where a body with this hash is stored."""
    return landing_dir / "bodies" / sha256[:2] / f"{sha256}.xml.gz"


def land_body(landing_dir: Path, body: bytes) -> tuple[str, Path]:
    """Store a body once (content-addressed); return its SHA-256 and path."""
    digest = hashlib.sha256(body).hexdigest()
    path = body_path(landing_dir, digest)
    if not path.exists():
        _atomic_write(
            path, gzip.compress(body, compresslevel=1, mtime=0)
        )  # speed over size: bodies are small
    return digest, path


def read_body(path: Path) -> bytes:
    """The raw bytes of a landed body."""
    return gzip.decompress(path.read_bytes())


def write_manifest(landing_dir: Path, fetch_id: str, started_at: datetime, manifest: dict[str, Any]) -> Path:
    """Record one fetch next to the bodies (synced to disk when it refers to a body: replay needs those;
    a 304 or a failure carries nothing to replay, and syncing a thousand of them per run costs seconds)."""
    day = started_at.strftime("%Y-%m-%d")
    path = landing_dir / "fetches" / day / str(manifest["run_id"]) / f"{fetch_id}.json"
    data = json.dumps(manifest, sort_keys=True, default=str, indent=1).encode("utf-8")
    _atomic_write(path, data, durable=manifest.get("landing_path") is not None)
    return path


def write_bodiless_manifests(landing_dir: Path, run_id: str, manifests: list[dict[str, Any]]) -> Path | None:
    """Record the fetches of one batch that landed no body (304s, failures) in one file, not synced: they
    carry nothing to replay. None when there is none."""
    if not manifests:
        return None
    day = str(manifests[0]["started_at"])[:10]  # ISO: the day the batch's first fetch started
    path = landing_dir / "fetches" / day / run_id / f"nobody-{uuid.uuid4().hex}.jsonl"
    lines = [json.dumps(m, sort_keys=True, default=str) for m in manifests]
    _atomic_write(path, "\n".join(lines).encode("utf-8") + b"\n", durable=False)
    return path


def manifest_files(folder: Path, pattern: str) -> list[tuple[Path, list[dict[str, Any]]]]:
    """The manifest files under ``folder`` matching ``pattern`` (a glob without the suffix, ``**/*`` for
    all), each with the manifests it holds: one in a ``.json`` file, one per line in a ``.jsonl`` file."""
    found = []
    for suffix in (".json", ".jsonl"):
        for path in folder.glob(pattern + suffix):
            text = path.read_text(encoding="utf-8")
            if suffix == ".json":
                found.append((path, [json.loads(text)]))
            else:
                found.append((path, [json.loads(line) for line in text.splitlines() if line]))
    return found


def mark_pending(landing_dir: Path, run_id: str, started_at: datetime) -> None:
    """Say, durably and before fetching, that this run's landed payloads are not loaded yet."""
    data = {"run_id": run_id, "pid": os.getpid(), "started_at": started_at.isoformat()}
    _atomic_write(landing_dir / "pending" / f"{run_id}.json", json.dumps(data).encode("utf-8"))


def clear_pending(landing_dir: Path, run_id: str) -> None:
    """The run's load committed: nothing of it is pending any more."""
    (landing_dir / "pending" / f"{run_id}.json").unlink(missing_ok=True)


def park_pending(landing_dir: Path, run_id: str, error: str) -> None:
    """Recovering this run failed for a reason other than a lock: keep its marker, with the error, under
    pending/failed/ (not retried automatically; move it back to pending/ to retry)."""
    data = {"run_id": run_id, "error": error[:2000]}
    _atomic_write(landing_dir / "pending" / "failed" / f"{run_id}.json", json.dumps(data).encode("utf-8"))
    clear_pending(landing_dir, run_id)


def pending_runs(landing_dir: Path) -> list[str]:
    """Runs whose landed payloads may not be loaded yet, oldest first (run ids sort by start time)."""
    folder = landing_dir / "pending"
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def run_manifests(landing_dir: Path, run_id: str) -> list[dict[str, Any]]:
    """The manifests one run wrote, in fetch order."""
    found = [m for _, held in manifest_files(landing_dir / "fetches", f"*/{run_id}/*") for m in held]
    return sorted(found, key=lambda m: (m["started_at"], m["fetch_id"]))


def prune(landing_dir: Path, keep_days: int, now: datetime) -> tuple[int, int]:
    """Delete manifests older than ``keep_days`` and the bodies no remaining manifest refers to.

    Manifests of pending runs (not loaded yet) are kept whatever their age.
    Returns (manifests deleted, bodies deleted). Replay can only rebuild what is kept.
    """
    from datetime import timedelta

    cutoff = now - timedelta(days=keep_days)
    pending = set(pending_runs(landing_dir))
    manifests_deleted = 0
    referenced: set[str] = set()
    for path, records in sorted(manifest_files(landing_dir / "fetches", "**/*")):
        # a file of several (fetches without a body) goes once the newest of them is old enough
        newest = max(datetime.fromisoformat(record["started_at"]) for record in records)
        if newest < cutoff and not pending.intersection(str(record.get("run_id")) for record in records):
            path.unlink()
            manifests_deleted += len(records)
        else:
            referenced.update(str(r["landing_path"]) for r in records if r.get("landing_path"))
    bodies_deleted = 0
    for path in (landing_dir / "bodies").rglob("*.xml.gz"):
        if str(path.relative_to(landing_dir)) not in referenced:
            path.unlink()
            bodies_deleted += 1
    folders = [*(landing_dir / "fetches").glob("*/*"), *(landing_dir / "fetches").glob("*")]
    for folder in folders:  # run folders first, then the day folders that held them
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return manifests_deleted, bodies_deleted
