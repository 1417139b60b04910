"""The landing zone: every response body on disk (gzip) before anything parses it.

Layout under ``<data dir>/landing``::

    packs/2026-11-28/<run_id>.<id>.pack          the new bodies one fetching process landed in a run,
                                                  each a gzip member appended (synced) as it arrived
    bodies/ab/abcdef....xml.gz                    a body a feed sent again unchanged (SHA-256 of the raw
                                                  bytes): stored once, however many runs fetch it
    fetches/2026-11-28/<run_id>/landed-<id>.jsonl the manifests of the fetches that landed a body, one per
                                                  line, appended (synced) as each landed: feed, url,
                                                  status, headers, hash, where the body is
    fetches/2026-11-28/<run_id>/nobody-<id>.jsonl the manifests of a fetch batch's fetches that landed no
                                                  body (304s, failures), one per line
    pending/<run_id>.json               a run that landed payloads and has not loaded them yet
    shards/<run_id>/...                 a sharded run's staged shard results (sources/shards.py)

A body's place (a manifest's ``landing_path``) is ``<pack>#<offset>+<length>`` for a body in a pack, or the
path of its own file. The manifests plus bodies are enough to rebuild the warehouse. Appending to a pack and
a manifest log of the run's own, instead of a file per body and per manifest: creating a file costs this
kind of machine 0.4-0.7 ms of system CPU (2,000 for a cold 1,000-feed run: 1.3-2.7 s, in the run's own
process), an append and its sync 0.1-0.2 ms. The fetches that landed no body are recorded together once
their batch is done. A run writes its pending marker before it fetches anything and removes it once its load
has committed; a marker left behind (a crash, or a warehouse held open by a reader until the run gave up)
tells the next run which landed fetches it must load first.
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


def land_body(landing_dir: Path, body: bytes, digest: str | None = None) -> tuple[str, Path]:
    """Store a body once (content-addressed); return its SHA-256 (``digest`` when the caller has it) and
    path."""
    digest = digest or hashlib.sha256(body).hexdigest()
    path = body_path(landing_dir, digest)
    if not path.exists():
        _atomic_write(
            path, gzip.compress(body, compresslevel=1, mtime=0)
        )  # speed over size: bodies are small
    return digest, path


def read_body(path: Path) -> bytes:
    """The raw bytes of a landed body: ``path`` is the landing dir joined with a manifest's ``landing_path``
    (a body's own file, or a pack and the body's byte range in it)."""
    file, span = split_place(str(path))
    if span is None:
        return gzip.decompress(Path(file).read_bytes())
    offset, length = span
    with open(file, "rb") as handle:
        handle.seek(offset)
        data = handle.read(length)
    if len(data) != length:
        raise OSError(f"{file}: {length} bytes at {offset} expected, {len(data)} found")
    return gzip.decompress(data)


def split_place(place: str) -> tuple[str, tuple[int, int] | None]:
    """A body's place as its file and, for a body in a pack, its (offset, length) there."""
    folder, _, name = place.rpartition("/")
    if "#" not in name:
        return place, None
    name, _, span = name.rpartition("#")
    offset, _, length = span.partition("+")
    return (f"{folder}/{name}" if folder else name), (int(offset), int(length))


class LandingLog:
    """What one fetching process lands in one run: each new body appended to a pack of its own and each
    manifest of a fetch with a body to a manifest log of its own, synced to disk after every append, the
    files created with the first body. Thread-safe (the fetcher lands from threads); :meth:`close` when
    the run's fetches are done."""

    def __init__(self, landing_dir: Path, run_id: str, day: str) -> None:
        self.landing_dir = landing_dir
        ident = uuid.uuid4().hex[:16]
        self.pack_place = f"packs/{day}/{run_id}.{ident}.pack"
        self.log_path = landing_dir / "fetches" / day / run_id / f"landed-{ident}.jsonl"
        self._lock = threading.Lock()
        self._pack: Any = None
        self._log: Any = None
        self._places: dict[str, str] = {}  # digest -> place: a body many feeds send is packed once

    def land(self, body: bytes, digest: str | None = None) -> tuple[str, str]:
        """Append a body (gzip) to the pack and sync it; return its SHA-256 (``digest`` when the caller has
        it) and place."""
        digest = digest or hashlib.sha256(body).hexdigest()
        if digest in self._places:
            return digest, self._places[digest]
        data = gzip.compress(body, compresslevel=1, mtime=0)  # speed over size: bodies are small
        with self._lock:
            if digest not in self._places:
                if self._pack is None:
                    self._pack = _new_file(self.landing_dir / self.pack_place)
                offset = self._pack.tell()
                self._pack.write(data)
                self._pack.flush()
                os.fsync(self._pack.fileno())
                self._places[digest] = f"{self.pack_place}#{offset}+{len(data)}"
            return digest, self._places[digest]

    def record(self, manifest: dict[str, Any]) -> None:
        """Append the manifest of a fetch that landed a body, synced: replay needs it."""
        line = json.dumps(manifest, sort_keys=True, default=str).encode("utf-8") + b"\n"
        with self._lock:
            if self._log is None:
                self._log = _new_file(self.log_path)
            self._log.write(line)
            self._log.flush()
            os.fsync(self._log.fileno())

    def close(self) -> None:
        with self._lock:
            for handle in (self._pack, self._log):
                if handle is not None:
                    handle.close()
            self._pack = self._log = None


def _new_file(path: Path) -> Any:
    """A new file opened for appending, its name synced into its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "ab")  # noqa: SIM115 - kept open across appends, closed by LandingLog.close
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return handle


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
            else:  # a line cut short by a crash while it was appended was never acknowledged: skipped
                lines = text.split("\n")[:-1]
                found.append((path, [json.loads(line) for line in lines if line]))
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
    """Delete manifests older than ``keep_days`` and the bodies (files and packs) no remaining manifest refers
    to.

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
            referenced.update(
                split_place(str(r["landing_path"]))[0] for r in records if r.get("landing_path")
            )
    bodies_deleted = 0
    for path in [*(landing_dir / "bodies").rglob("*.xml.gz"), *(landing_dir / "packs").rglob("*.pack")]:
        if str(path.relative_to(landing_dir)) in referenced:
            continue
        if path.suffix == ".pack" and path.name.partition(".")[0] in pending:
            continue  # a pending run's pack: its run may still be landing, manifests after bodies
        path.unlink()
        bodies_deleted += 1
    folders = [
        *(landing_dir / "fetches").glob("*/*"),
        *(landing_dir / "fetches").glob("*"),
        *(landing_dir / "packs").glob("*"),
    ]
    for folder in folders:  # run folders first, then the day folders that held them
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return manifests_deleted, bodies_deleted
