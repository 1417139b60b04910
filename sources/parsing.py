"""Parse and normalize landed payloads, across CPU cores when there are many (feedparser is pure Python: ~0.5
ms an entry; normalizing, mostly URL canonicalization and HTML to text, another ~0.15 ms).

Workers are separate processes started with "spawn" (the flow's process runs threads that a fork would copy
mid-flight); each reads its body back from the landing zone, so only file paths and frames cross processes.
Each chunk of jobs comes back as its parses (the parsed entries, which the parsed-entry checks read) and the
same entries normalized into article rows (``NORMALIZED_SCHEMA``, keyed by fetch_id and entry_index),
normalized together: the pipeline keeps the article rows of the entries that pass those checks.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from core.feeds import Feed
from core.outcomes import Outcome
from schemas.frames import NORMALIZED_SCHEMA
from sources.http import FetchResult, ParseResult
from sources.landing import read_body
from transforms.normalize import normalize_entries
from transforms.parse import ParsedFeed, empty_entries, parse_feed

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
    country: str | None = None
    fetched_at: datetime | None = None  # the fetch's finish time: each article's first-seen time


def _parse(job: ParseJob) -> ParsedFeed:
    body = read_body(Path(job.path)) if job.path else b""
    return parse_feed(
        body,
        job.headers,
        fetch_id=job.fetch_id,
        feed=job.feed,
        publisher=job.publisher,
        feed_url=job.feed_url,
        default_language=job.language,
        feed_country=job.country,
    )


def parse_chunk(jobs: list[ParseJob]) -> tuple[list[ParsedFeed], pl.DataFrame]:
    """Parse each job (reading its body back from the landing zone), then normalize the entries of all of
    them at once: the normalizer's cost per call (planning its expressions, compiling their patterns) is paid
    once a chunk instead of once a feed. Returns the parses in job order and the article rows."""
    parsed = [_parse(job) for job in jobs]
    timed = [(p, job) for p, job in zip(parsed, jobs, strict=True) if p.entries.height and job.fetched_at]
    if not timed:
        return parsed, pl.DataFrame(schema=NORMALIZED_SCHEMA)
    fetched_at = pl.DataFrame(
        {"fetch_id": [job.fetch_id for _, job in timed], "fetched_at": [job.fetched_at for _, job in timed]},
        schema={"fetch_id": pl.String(), "fetched_at": pl.Datetime("us", "UTC")},
    )
    entries = pl.concat([p.entries for p, _ in timed], how="vertical")
    return parsed, normalize_entries(entries, fetched_at)


def workers(configured: int = 0) -> int:
    """Worker processes to use: ``configured`` (settings.parse_workers; 1 = none), else the cores this
    process may run on."""
    if configured > 0:
        return configured
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def parse_all(jobs: list[ParseJob], configured: int = 0) -> tuple[list[ParsedFeed], pl.DataFrame]:
    """Parse every job, in order, and normalize their entries; in a process pool when there are many and
    more than one core (each worker takes chunks of jobs, a few per worker so that they end together)."""
    count = workers(configured)
    if len(jobs) < POOL_MIN_BODIES or count < 2:
        return parse_chunk(jobs)
    size = max(1, -(-len(jobs) // (count * 8)))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    parsed: list[ParsedFeed] = []
    articles = [pl.DataFrame(schema=NORMALIZED_SCHEMA)]
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        for chunk_parsed, chunk_articles in pool.map(parse_chunk, chunks):
            parsed += chunk_parsed
            articles.append(chunk_articles)
    return parsed, pl.concat(articles, how="vertical")


@dataclass(frozen=True)
class ParsedFetches:
    """Every new body parsed: its entries, the same entries as article rows, what each parse said."""

    entries: pl.DataFrame  # PARSED_SCHEMA, one row per entry
    articles: pl.DataFrame  # NORMALIZED_SCHEMA, one row per entry (fetch_id, entry_index)
    results: dict[str, ParseResult]  # by fetch id


def parse_fetches(
    fetches: list[FetchResult],
    feeds: list[Feed],
    landing_dir: Path,
    configured_workers: int = 0,
) -> ParsedFetches:
    """Parse and normalize every new body, read back from the landing zone (the parse reads what was
    landed). A body that is not a feed gets a parse result saying why."""
    by_name = {feed.name: feed for feed in feeds}
    todo = [fetch for fetch in fetches if fetch.outcome == Outcome.FETCHED]
    jobs = [
        ParseJob(
            fetch_id=fetch.fetch_id,
            path=str(landing_dir / fetch.landing_path) if fetch.landing_path else None,
            headers=fetch.headers,
            feed=fetch.feed,
            publisher=by_name[fetch.feed].publisher,
            feed_url=fetch.final_url or fetch.url,
            language=by_name[fetch.feed].language,
            country=by_name[fetch.feed].country,
            fetched_at=fetch.finished_at,
        )
        for fetch in todo
    ]
    frames = [empty_entries()]
    results: dict[str, ParseResult] = {}
    everything, articles = parse_all(jobs, configured_workers)
    for fetch, parsed in zip(todo, everything, strict=True):
        info = parsed.info
        error: str | None
        if not info.is_feed:
            kind = fetch.headers.get("content-type", "unknown content type")
            error = (
                "empty body"
                if not fetch.size
                else f"not a feed ({kind}): {info.bozo_message or 'no entries'}"
            )
        else:
            error = f"recovered from: {info.bozo_message}" if info.bozo else None
        results[fetch.fetch_id] = ParseResult(
            fetch.fetch_id, info.is_feed, info.entries, info.ttl_minutes, error
        )
        frames.append(parsed.entries)
    return ParsedFetches(pl.concat(frames, how="vertical"), articles, results)
