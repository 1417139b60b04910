"""Parse landed payloads, across CPU cores when there are many (feedparser is pure Python: ~0.5 ms an entry).

Workers are separate processes started with "spawn" (the flow's process runs threads that a fork would copy
mid-flight); each reads its body back from the landing zone, so only file paths and frames cross processes.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from flows.landing import read_body
from transforms.parse import ParsedFeed, parse_feed

POOL_MIN_BODIES = 40  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class ParseJob:
    """One body to parse and what the parser needs to know about it."""

    fetch_id: str
    path: str | None  # landed body
    headers: dict[str, str]
    feed: str
    publisher: str
    feed_url: str
    language: str | None


def parse_job(job: ParseJob, body: bytes | None = None) -> ParsedFeed:
    """Parse one job (reading the landed body unless it is given)."""
    if body is None:
        body = read_body(Path(job.path)) if job.path else b""
    return parse_feed(
        body,
        job.headers,
        fetch_id=job.fetch_id,
        feed=job.feed,
        publisher=job.publisher,
        feed_url=job.feed_url,
        default_language=job.language,
    )


def workers() -> int:
    """Worker processes to use: the cores this process may run on (DNW_PARSE_WORKERS overrides; 1 = none)."""
    configured = os.environ.get("DNW_PARSE_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def parse_all(jobs: list[ParseJob], bodies: dict[str, bytes]) -> list[ParsedFeed]:
    """Parse every job, in order; in a process pool when there are many and more than one core."""
    count = workers()
    if len(jobs) < POOL_MIN_BODIES or count < 2:
        return [parse_job(job, bodies.get(job.fetch_id)) for job in jobs]
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        return list(pool.map(parse_job, jobs, chunksize=max(1, len(jobs) // (count * 8))))
