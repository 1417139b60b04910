"""Parse and normalize landed payloads, across CPU cores when there are many (feedparser is pure Python:
~0.3-0.5 ms an entry; plain RSS and Atom are read through lxml (transforms/feedxml.py), and reading and
normalizing the benchmark farm's 49,900 entries take 4.6 CPU s in all, about 0.09 ms an entry, most of it
the entries' Python, HTML sanitizing and HTML to text: docs/benchmarks.md).

Workers are separate processes started with "spawn" (the flow's process runs threads that a fork would copy
mid-flight); each reads its body back from the landing zone, so only file paths and frames cross processes.
Each chunk of jobs comes back as one :class:`ParsedChunk`: what each parse learnt of its document, the
parsed entries of all its jobs as one frame (which the parsed-entry checks read; one frame a chunk, not one a
feed: making a frame costs about a millisecond whatever its size) and the same entries normalized into
article rows (``NORMALIZED_SCHEMA``, keyed by fetch_id and entry_index), normalized together: the pipeline
keeps the article rows of the entries that pass those checks.

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
from core.handoff import ship
from core.outcomes import Outcome
from schemas.frames import NORMALIZED_SCHEMA, PARSED_SCHEMA
from sources.http import FetchResult, ParseResult
from sources.landing import read_body
from transforms.normalize import normalize_entries
from transforms.parse import FeedInfo, FeedRows, entries_frame, parse_feed

# Bytes of new bodies below which they are parsed in this process (about 0.26 ms of CPU a KB when this was
# set; 0.12 ms on the farm's bodies since the parse got cheaper: 1 s for 8 MB): two worker processes cost
# 1.5-2 CPU s to start (each imports polars, feedparser and the parent's main module, all of Prefect under
# `dnw serve`) and about a second before they parse anything. A run at 1,000
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


@dataclass(frozen=True)
class ParsedChunk:
    """The parses of a list of jobs: what each learnt of its document (in job order), their entries as one
    frame (``PARSED_SCHEMA``, in job order) and the entries of the jobs with a clock normalized into article
    rows (``NORMALIZED_SCHEMA``)."""

    infos: list[FeedInfo]
    entries: pl.DataFrame
    articles: pl.DataFrame


def _joined(chunks: list[ParsedChunk]) -> ParsedChunk:
    """Chunks of consecutive jobs as one."""
    return ParsedChunk(
        [info for chunk in chunks for info in chunk.infos],
        pl.concat([pl.DataFrame(schema=PARSED_SCHEMA), *(c.entries for c in chunks)], how="vertical"),
        pl.concat([pl.DataFrame(schema=NORMALIZED_SCHEMA), *(c.articles for c in chunks)], how="vertical"),
    )


def _parse(job: ParseJob) -> FeedRows:
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


def parse_chunk(jobs: list[ParseJob]) -> ParsedChunk:
    """Parse each job (reading its body back from the landing zone) into one frame of entries, then
    normalize the entries of all of them at once: the normalizer's cost per call (planning its expressions,
    compiling their patterns) is paid once a chunk instead of once a feed."""
    parsed = [_parse(job) for job in jobs]
    infos = [p.info for p in parsed]
    entries = entries_frame(parsed)
    timed = [job for p, job in zip(parsed, jobs, strict=True) if p.info.entries and job.fetched_at]
    if not timed:
        return ParsedChunk(infos, entries, pl.DataFrame(schema=NORMALIZED_SCHEMA))
    fetched_at = pl.DataFrame(
        {"fetch_id": [job.fetch_id for job in timed], "fetched_at": [job.fetched_at for job in timed]},
        schema={"fetch_id": pl.String(), "fetched_at": pl.Datetime("us", "UTC")},
    )
    clocked = (
        entries
        if len(timed) == len(jobs)
        else entries.filter(pl.col("fetch_id").is_in(fetched_at["fetch_id"].implode()))
    )
    return ParsedChunk(infos, entries, normalize_entries(clocked, fetched_at))


def parse_chunk_shipped(jobs: list[ParseJob]) -> ParsedChunk:
    """:func:`parse_chunk` in a pool's worker: its frames cross back as files (core/handoff.py)."""
    chunk = parse_chunk(jobs)
    return ParsedChunk(chunk.infos, ship(chunk.entries), ship(chunk.articles))


def workers(configured: int = 0) -> int:
    """Worker processes to use: ``configured`` (settings.parse_workers; 1 = none), else the cores this
    process may run on."""
    if configured > 0:
        return configured
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def parse_all(jobs: list[ParseJob], configured: int = 0, pool_min_bytes: int = POOL_MIN_BYTES) -> ParsedChunk:
    """Parse every job, in order, and normalize their entries; in a process pool when their bodies hold at
    least ``pool_min_bytes`` and there is more than one core (each worker takes chunks of jobs, a few per
    worker so that they end together)."""
    count = workers(configured)
    if sum(job.size for job in jobs) < pool_min_bytes or count < 2:
        return parse_chunk(jobs)
    size = max(1, -(-len(jobs) // (count * 8)))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        return _joined(list(pool.map(parse_chunk_shipped, chunks)))


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
        self._submitted: list[tuple[list[ParseJob], Future[ParsedChunk]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._results: tuple[list[str], ParsedChunk] | None = None
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
            self._submitted.append((chunk, self._pool.submit(parse_chunk_shipped, chunk)))
        self._waiting = []

    def results(self) -> tuple[list[str], ParsedChunk]:
        """The fetch ids of every added body and their parses in that order, once all are done (computed
        once, kept until :meth:`release`)."""
        if self._released:
            raise RuntimeError("the stream's parses were released: the run has taken them")
        if self._results is None:
            if self._pool is None:  # too few bodies for the pool: parsed here, now
                done = [(self._waiting, parse_chunk(self._waiting))] if self._waiting else []
            else:
                self._submit()
                done = [(jobs, future.result()) for jobs, future in self._submitted]
            ids = [job.fetch_id for jobs, _ in done for job in jobs]
            self._results = ids, _joined([chunk for _, chunk in done])
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


def in_order(rows: pl.DataFrame, fetch_ids: list[str]) -> pl.DataFrame:
    """Entries or article rows in the order of ``fetch_ids`` (each fetch's rows keep their order; rows of
    other fetches are left out): the order a parse of the fetches one after the other gives, whatever order
    their bodies arrived in."""
    order = pl.DataFrame(
        {"fetch_id": fetch_ids, "_order": range(len(fetch_ids))},
        schema={"fetch_id": pl.String(), "_order": pl.Int64()},
    )
    return (
        rows.join(order, on="fetch_id", how="inner", maintain_order="left")
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
        done = parse_all(jobs, configured_workers)
        infos, entries, articles = done.infos, done.entries, done.articles
    else:
        ids, streamed = stream.results()
        seen = set(ids)
        missed = [parse_job(f, by_name[f.feed], landing_dir) for f in todo if f.fetch_id not in seen]
        if missed:
            ids = [*ids, *(job.fetch_id for job in missed)]
            streamed = _joined([streamed, parse_all(missed, configured_workers)])
        by_id = dict(zip(ids, streamed.infos, strict=True))
        infos = [by_id[fetch.fetch_id] for fetch in todo]
        order = [fetch.fetch_id for fetch in todo]
        entries, articles = in_order(streamed.entries, order), in_order(streamed.articles, order)
    results: dict[str, ParseResult] = {}
    for fetch, info in zip(todo, infos, strict=True):
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
    return ParsedFetches(entries, articles, results)
