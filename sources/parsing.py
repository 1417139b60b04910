"""Parse and normalize landed payloads, across CPU cores when there are many (feedparser is pure Python:
~0.3-0.5 ms an entry, plain RSS and Atom read through lxml (transforms/feedxml.py) about half of that;
normalizing, mostly URL canonicalization and HTML to text, another ~0.15 ms).

Workers are separate processes started with "spawn" (the flow's process runs threads that a fork would copy
mid-flight); each reads its body back from the landing zone, so only file paths and frames cross processes.
Each chunk of jobs comes back as its parses (the parsed entries, which the parsed-entry checks read) and the
same entries normalized into article rows (``NORMALIZED_SCHEMA``, keyed by fetch_id and entry_index),
normalized together: the pipeline keeps the article rows of the entries that pass those checks.

A run parses while it fetches (:class:`ParseStream`): each body goes to the pool as it lands, so the parse
overlaps the downloads as it does in the floor the benchmark compares with, instead of starting after the
last one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
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

# Bytes of new bodies below which they are parsed in this process (about 0.26 ms of CPU a KB: 2 s here for
# 8 MB): two worker processes cost 1.5-2 CPU s to start (each imports polars, feedparser and the parent's main
# module, all of Prefect under `dnw serve`) and about a second before they parse anything. A run at 1,000
# feeds with 5% changed brings about 3 MB; a cold one, 62 MB.
POOL_MIN_BYTES = 8_000_000
STREAM_CHUNK = 16  # bodies a worker parses (and normalizes together) at a time while the fetch goes on


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
    size: int = 0  # bytes of the landed body


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


def parse_all(
    jobs: list[ParseJob], configured: int = 0, pool_min_bytes: int = POOL_MIN_BYTES
) -> tuple[list[ParsedFeed], pl.DataFrame]:
    """Parse every job, in order, and normalize their entries; in a process pool when their bodies hold at
    least ``pool_min_bytes`` and there is more than one core (each worker takes chunks of jobs, a few per
    worker so that they end together)."""
    count = workers(configured)
    if sum(job.size for job in jobs) < pool_min_bytes or count < 2:
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


def parse_job(fetch: FetchResult, feed: Feed, landing_dir: Path) -> ParseJob:
    """The parse of a fetched body, as a worker needs it."""
    return ParseJob(
        fetch_id=fetch.fetch_id,
        path=str(landing_dir / fetch.landing_path) if fetch.landing_path else None,
        headers=fetch.headers,
        feed=fetch.feed,
        publisher=feed.publisher,
        feed_url=fetch.final_url or fetch.url,
        language=feed.language,
        country=feed.country,
        fetched_at=fetch.finished_at,
        size=fetch.size,
    )


def _chunks(jobs: list[ParseJob], size: int) -> Iterable[list[ParseJob]]:
    return (jobs[start : start + size] for start in range(0, len(jobs), size))


class ParseStream:
    """Bodies parsed while the others are still downloading. The fetch hands each fetch to :meth:`add` as
    soon as its body is landed; once ``pool_min_bytes`` of new bodies have arrived (and there is more than
    one core) a process pool starts and takes them ``STREAM_CHUNK`` at a time. :meth:`results` waits for
    the rest; a run with fewer bytes parses them in this process then, as :func:`parse_all` would. Used
    from one thread (the fetch's event loop, then the flow); :meth:`close` stops the pool, whatever
    happened."""

    def __init__(
        self,
        feeds: list[Feed],
        landing_dir: Path,
        configured_workers: int = 0,
        pool_min_bytes: int = POOL_MIN_BYTES,
    ) -> None:
        self._feeds = {feed.name: feed for feed in feeds}
        self._landing_dir = landing_dir
        self._count = workers(configured_workers)
        self._pool_min_bytes = pool_min_bytes
        self._arrived = 0  # bytes of the bodies added so far
        self._waiting: list[ParseJob] = []
        self._submitted: list[tuple[list[ParseJob], Future[tuple[list[ParsedFeed], pl.DataFrame]]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._results: tuple[dict[str, ParsedFeed], pl.DataFrame] | None = None
        self._released = False

    def add(self, fetch: FetchResult) -> None:
        """A fetch whose body is landed: parsed if it is new (outcome FETCHED), else ignored."""
        if fetch.outcome != Outcome.FETCHED or self._results is not None or self._released:
            return
        self._waiting.append(parse_job(fetch, self._feeds[fetch.feed], self._landing_dir))
        self._arrived += fetch.size
        if self._pool is None and self._count >= 2 and self._arrived >= self._pool_min_bytes:
            self._pool = ProcessPoolExecutor(max_workers=self._count, mp_context=get_context("spawn"))
        if self._pool is not None and len(self._waiting) >= STREAM_CHUNK:
            self._submit()

    def _submit(self) -> None:
        assert self._pool is not None
        for chunk in _chunks(self._waiting, STREAM_CHUNK):
            self._submitted.append((chunk, self._pool.submit(parse_chunk, chunk)))
        self._waiting = []

    def results(self) -> tuple[dict[str, ParsedFeed], pl.DataFrame]:
        """Every added body's parse (by fetch id) and the article rows, once all are done (computed once,
        kept until :meth:`release`)."""
        if self._released:
            raise RuntimeError("the stream's parses were released: the run has taken them")
        if self._results is None:
            if self._pool is None:  # too few bodies for the pool: parsed here, now
                done = [(self._waiting, parse_chunk(self._waiting))] if self._waiting else []
            else:
                self._submit()
                done = [(jobs, future.result()) for jobs, future in self._submitted]
            parsed: dict[str, ParsedFeed] = {}
            articles = [pl.DataFrame(schema=NORMALIZED_SCHEMA)]
            for jobs, (chunk_parsed, chunk_articles) in done:
                parsed.update((job.fetch_id, one) for job, one in zip(jobs, chunk_parsed, strict=True))
                articles.append(chunk_articles)
            self._results = parsed, pl.concat(articles, how="vertical")
            self._waiting, self._submitted = [], []
            self.close()
        return self._results

    def release(self) -> None:
        """Forget the parses (every entry of the run, twice: as parsed and as article rows) once the run has
        taken what it keeps of them; the stream lives as long as the run."""
        self._results = None
        self._released = True
        self.close()

    def close(self) -> None:
        """Stop the worker processes (pending chunks are dropped: their bodies stay landed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def in_order(articles: pl.DataFrame, fetch_ids: list[str]) -> pl.DataFrame:
    """Article rows in the order of ``fetch_ids`` (each fetch's rows keep their order): the order a parse of
    the fetches one after the other gives, whatever order their bodies arrived in."""
    order = pl.DataFrame(
        {"fetch_id": fetch_ids, "_order": range(len(fetch_ids))},
        schema={"fetch_id": pl.String(), "_order": pl.Int64()},
    )
    return (
        articles.join(order, on="fetch_id", how="inner", maintain_order="left")
        .sort("_order", maintain_order=True)
        .drop("_order")
    )


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
    stream: ParseStream | None = None,
) -> ParsedFetches:
    """Parse and normalize every new body, read back from the landing zone (the parse reads what was
    landed). A body that is not a feed gets a parse result saying why. ``stream``: the parses started while
    the bodies were fetched (a body it was not given is parsed now, with the others)."""
    by_name = {feed.name: feed for feed in feeds}
    todo = [fetch for fetch in fetches if fetch.outcome == Outcome.FETCHED]
    if stream is None:
        jobs = [parse_job(fetch, by_name[fetch.feed], landing_dir) for fetch in todo]
        everything, articles = parse_all(jobs, configured_workers)
    else:
        streamed, articles = stream.results()
        missed = [parse_job(f, by_name[f.feed], landing_dir) for f in todo if f.fetch_id not in streamed]
        if missed:
            late_parsed, late_articles = parse_all(missed, configured_workers)
            streamed = {**streamed, **{job.fetch_id: p for job, p in zip(missed, late_parsed, strict=True)}}
            articles = pl.concat([articles, late_articles], how="vertical")
        everything = [streamed[fetch.fetch_id] for fetch in todo]
        articles = in_order(articles, [fetch.fetch_id for fetch in todo])
    frames = [empty_entries()]
    results: dict[str, ParseResult] = {}
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
