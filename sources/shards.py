"""Staged shard results in the landing zone: what a shard run hands to the loader, and its heartbeat.

Layout under ``<data dir>/landing``::

    shards/<run_id>/<shard>-<attempt>.parquet   the shard's parsed entries (schemas.frames.PARSED_SCHEMA)
    shards/<run_id>/<shard>-<attempt>.articles.parquet   those entries normalized (NORMALIZED_SCHEMA)
    shards/<run_id>/<shard>-<attempt>.json      its fetches (the manifests), parse results and stage seconds
    shards/<run_id>/<shard>-<attempt>.beat      a counter the running shard rewrites every few seconds

Every attempt of a shard has its own names (the attempt is a token the parent draws when it submits the
run), so a retried shard never overwrites, and the loader reads exactly the attempt whose flow run completed.
Both result files are written to a temporary name, synced and renamed; the JSON goes last and is what says
the attempt finished. The bodies and per-fetch manifests are landed by the fetch itself, as in any run.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from schemas.frames import NORMALIZED_SCHEMA, PARSED_SCHEMA
from sources.http import FetchResult, ParseResult
from sources.landing import _atomic_write
from sources.manifests import to_fetch_result


@dataclass(frozen=True)
class ShardOutput:
    """One finished shard attempt, read back: its fetches (not yet settled by their parse), the parse results
    by fetch id, the parsed entries, every one of them normalized, and where its seconds went."""

    shard: int
    attempt: str
    fetches: list[FetchResult]
    parses: dict[str, ParseResult]
    entries: pl.DataFrame
    articles: pl.DataFrame
    seconds: dict[str, float]
    worker: str


def shard_dir(landing_dir: Path, run_id: str) -> Path:
    """The folder of one run's staged shard results."""
    return landing_dir / "shards" / run_id


def _stem(landing_dir: Path, run_id: str, shard: int, attempt: str) -> Path:
    return shard_dir(landing_dir, run_id) / f"{shard}-{attempt}"


def write_shard_output(
    landing_dir: Path,
    run_id: str,
    shard: int,
    attempt: str,
    manifests: list[dict[str, Any]],
    parses: list[ParseResult],
    entries: pl.DataFrame,
    articles: pl.DataFrame,
    seconds: dict[str, float],
    worker: str,
) -> Path:
    """Stage one shard attempt's results: the frames as Parquet first, then the JSON that completes it."""
    stem = _stem(landing_dir, run_id, shard, attempt)
    for frame, schema, suffix in (
        (entries, PARSED_SCHEMA, ".parquet"), (articles, NORMALIZED_SCHEMA, ".articles.parquet")
    ):  # fmt: skip
        buffer = io.BytesIO()
        frame.select(list(schema)).write_parquet(buffer)
        _atomic_write(stem.with_suffix(suffix), buffer.getvalue())
    record = {
        "run_id": run_id,
        "shard": shard,
        "attempt": attempt,
        "fetches": manifests,
        "parses": [dataclasses.asdict(p) for p in parses],
        "seconds": seconds,
        "worker": worker,
    }
    path = stem.with_suffix(".json")
    _atomic_write(path, json.dumps(record, sort_keys=True, default=str).encode("utf-8"))
    return path


def read_shard_output(landing_dir: Path, run_id: str, shard: int, attempt: str) -> ShardOutput | None:
    """The staged results of one finished attempt; None when that attempt did not finish writing them."""
    stem = _stem(landing_dir, run_id, shard, attempt)
    path = stem.with_suffix(".json")
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    entries = pl.read_parquet(stem.with_suffix(".parquet")).cast(PARSED_SCHEMA)  # type: ignore[arg-type]
    articles = pl.read_parquet(stem.with_suffix(".articles.parquet")).cast(NORMALIZED_SCHEMA)  # type: ignore[arg-type]
    return ShardOutput(
        shard=record["shard"],
        attempt=record["attempt"],
        fetches=[to_fetch_result(m) for m in record["fetches"]],
        parses={p["fetch_id"]: ParseResult(**p) for p in record["parses"]},
        entries=entries,
        articles=articles,
        seconds={k: float(v) for k, v in record["seconds"].items()},
        worker=str(record.get("worker", "")),
    )


def write_beat(landing_dir: Path, run_id: str, shard: int, attempt: str, text: str) -> None:
    """Say that the attempt is alive: ``text`` changes with every beat (host, pid, a count), and the reader
    judges by its own clock whether it still changes, so the clocks of different machines never need to
    agree."""
    _atomic_write(_stem(landing_dir, run_id, shard, attempt).with_suffix(".beat"), text.encode(), False)


def read_beat(landing_dir: Path, run_id: str, shard: int, attempt: str) -> str | None:
    """The attempt's last beat, None before its first."""
    path = _stem(landing_dir, run_id, shard, attempt).with_suffix(".beat")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def remove_shard_outputs(landing_dir: Path, run_id: str) -> None:
    """The run's load committed: its staged shard results are of no further use (the bodies and manifests
    stay in the landing zone, for replay)."""
    shutil.rmtree(shard_dir(landing_dir, run_id), ignore_errors=True)
