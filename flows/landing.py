"""The landing zone: every response body on disk (gzip, content-addressed) before anything parses it.

Layout under ``<data dir>/landing``::

    bodies/ab/abcdef....xml.gz      one file per distinct body (SHA-256 of the raw bytes)
    fetches/2026-11-28/<fetch_id>.json   one manifest per fetch: feed, url, status, headers, body hash

The manifests plus bodies are enough to rebuild the warehouse.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any


def _atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary name in the same folder (fsynced when ``durable``), then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
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
    path = landing_dir / "fetches" / started_at.strftime("%Y-%m-%d") / f"{fetch_id}.json"
    data = json.dumps(manifest, sort_keys=True, default=str, indent=1).encode("utf-8")
    _atomic_write(path, data, durable=manifest.get("landing_path") is not None)
    return path


def prune(landing_dir: Path, keep_days: int, now: datetime) -> tuple[int, int]:
    """Delete manifests older than ``keep_days`` and the bodies no remaining manifest refers to.

    Returns (manifests deleted, bodies deleted). Replay can only rebuild what is kept.
    """
    import json
    from datetime import timedelta

    cutoff = now - timedelta(days=keep_days)
    manifests_deleted = 0
    referenced: set[str] = set()
    for path in sorted((landing_dir / "fetches").rglob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if datetime.fromisoformat(record["started_at"]) < cutoff:
            path.unlink()
            manifests_deleted += 1
        elif record.get("landing_path"):
            referenced.add(str(record["landing_path"]))
    bodies_deleted = 0
    for path in (landing_dir / "bodies").rglob("*.xml.gz"):
        if str(path.relative_to(landing_dir)) not in referenced:
            path.unlink()
            bodies_deleted += 1
    for folder in sorted((landing_dir / "fetches").glob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return manifests_deleted, bodies_deleted
