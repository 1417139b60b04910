"""Parsing landed bodies: a chunk of jobs is normalized at once, with the same rows as one job at a time; a
stream of bodies parsed while the fetch goes on gives what parsing after it gives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from core.feeds import Feed
from core.outcomes import Outcome
from sources.http import FetchResult
from sources.landing import land_body
from sources.parsing import ParseJob, ParseStream, parse_all, parse_chunk, parse_fetches
from transforms.normalize import normalize_entries

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk {n}</title><link>https://desk{n}.example/</link>
<item><title>Frigate {n} leaves the yard</title><link>/news/{n}/a?utm_source=rss</link>
<description>&lt;p&gt;The &lt;b&gt;second&lt;/b&gt; hull of the class sails for trials.&lt;/p&gt;</description>
<pubDate>Tue, 01 Dec 2026 0{n}:00:00 GMT</pubDate></item>
<item><title>Radar order {n}</title><link>https://desk{n}.example/news/{n}/b</link>
<description>A coastal radar is ordered.</description></item>
</channel></rss>"""


def jobs(landing: Path, count: int) -> list[ParseJob]:
    made = []
    for n in range(count):
        _, path = land_body(landing, FEED.format(n=n).encode())
        made.append(
            ParseJob(
                fetch_id=f"fetch-{n}",
                path=str(path),
                headers={"content-type": "application/rss+xml"},
                feed=f"desk-{n}",
                publisher=f"Desk {n}",
                feed_url=f"https://desk{n}.example/rss",
                language="en" if n % 2 else None,
                fetched_at=datetime(2026, 12, 1, 12, tzinfo=UTC) + timedelta(minutes=n),
            )
        )
    return made


def test_a_chunk_is_normalized_as_its_jobs_would_be_one_by_one(tmp_path: Path) -> None:
    batch = jobs(tmp_path, 3)
    chunk = parse_chunk(batch)
    articles = chunk.articles
    assert [info.entries for info in chunk.infos] == [2, 2, 2]
    assert chunk.entries["fetch_id"].to_list() == [job.fetch_id for job in batch for _ in range(2)]
    one_by_one = pl.concat(
        [
            normalize_entries(chunk.entries.filter(pl.col("fetch_id") == job.fetch_id), job.fetched_at)
            for job in batch
        ]
    )
    assert articles.equals(one_by_one)
    # the chunk's entries are each job's parse, in job order
    assert chunk.entries.equals(pl.concat([parse_chunk([job]).entries for job in batch]))
    # each row keeps its own fetch's clock, not the chunk's first
    assert articles["fetched_at"].to_list() == [job.fetched_at for job in batch for _ in range(2)]


def test_jobs_without_entries_or_a_clock_give_no_article_rows(tmp_path: Path) -> None:
    empty = ParseJob("fetch-x", None, {}, "desk-x", "Desk X", "https://x.example/rss", None)
    unclocked = ParseJob(**{**jobs(tmp_path, 1)[0].__dict__, "fetched_at": None})
    chunk = parse_chunk([empty, unclocked])
    assert [info.entries for info in chunk.infos] == [0, 2]
    assert chunk.entries.height == 2
    assert chunk.articles.height == 0


def test_the_pool_gives_what_one_process_gives(tmp_path: Path) -> None:
    batch = jobs(tmp_path, 45)
    in_pool = parse_all(batch, configured=2, pool_min_bytes=1)
    alone = parse_all(batch, configured=1)
    assert in_pool.infos == alone.infos
    assert in_pool.entries.equals(alone.entries)
    assert in_pool.articles.equals(alone.articles)


def fetches(landing: Path, count: int) -> list[FetchResult]:
    """Fetched bodies as the fetcher lands them (a new body each, the last one not a feed)."""
    made = []
    for n in range(count):
        body = FEED.format(n=n).encode() if n < count - 1 else b"<html>moved</html>"
        digest, path = land_body(landing, body)
        at = datetime(2026, 12, 1, 12, tzinfo=UTC) + timedelta(minutes=n)
        made.append(
            FetchResult(
                fetch_id=f"fetch-{n:03d}",
                feed=f"desk-{n}",
                url=f"https://desk{n}.example/rss",
                started_at=at,
                finished_at=at,
                outcome=Outcome.FETCHED,
                http_status=200,
                headers={"content-type": "application/rss+xml"},
                size=len(body),
                body_sha256=digest,
                landing_path=str(path.relative_to(landing)),
            )
        )
    return made


def desks(count: int) -> list[Feed]:
    return [Feed(f"desk-{n}", f"https://desk{n}.example/rss", f"Desk {n}") for n in range(count)]


@pytest.mark.parametrize("count", [5, 45])  # parsed at the end in this process; in the pool as they land
def test_a_stream_fed_in_any_order_gives_what_parsing_after_the_fetch_gives(
    tmp_path: Path, count: int
) -> None:
    landed = fetches(tmp_path, count)
    threshold = sum(fetch.size for fetch in landed[:10])  # 5 bodies stay below it, 45 pass it
    stream = ParseStream(desks(count), tmp_path, configured_workers=2, pool_min_bytes=threshold)
    for fetch in reversed(landed):  # bodies land in whatever order their downloads end
        stream.add(fetch)
    streamed = parse_fetches(landed, desks(count), tmp_path, 2, stream)
    after = parse_fetches(landed, desks(count), tmp_path, 1)
    assert streamed.entries.equals(after.entries)
    assert streamed.articles.equals(after.articles)
    assert streamed.results == after.results
    assert streamed.results[f"fetch-{count - 1:03d}"].is_feed is False


def test_a_stream_parses_what_it_was_not_given_and_ignores_what_is_not_new(tmp_path: Path) -> None:
    landed = fetches(tmp_path, 4)
    stream = ParseStream(desks(4), tmp_path)
    stream.add(landed[0])
    stream.add(dataclasses.replace(landed[1], outcome=Outcome.NOT_MODIFIED))
    done = parse_fetches(landed, desks(4), tmp_path, 1, stream)
    assert done.articles["fetch_id"].unique(maintain_order=True).to_list() == [
        "fetch-000",
        "fetch-001",
        "fetch-002",
    ]
    assert parse_fetches(landed, desks(4), tmp_path, 1, stream).articles.equals(done.articles)  # results kept


def test_a_released_stream_forgets_its_parses_and_takes_no_more(tmp_path: Path) -> None:
    landed = fetches(tmp_path, 3)
    stream = ParseStream(desks(3), tmp_path)
    for fetch in landed:
        stream.add(fetch)
    assert parse_fetches(landed, desks(3), tmp_path, 1, stream).articles.height > 0
    stream.release()
    stream.add(landed[0])  # ignored: the run has taken the parses
    with pytest.raises(RuntimeError, match="released"):
        stream.results()
    stream.close()


def test_closing_a_stream_nobody_waited_for_stops_its_workers(tmp_path: Path) -> None:
    stream = ParseStream(desks(45), tmp_path, configured_workers=2, pool_min_bytes=1)
    for fetch in fetches(tmp_path, 45):
        stream.add(fetch)
    assert stream._pool is not None
    stream.close()
    stream.close()  # twice is harmless (the flow closes it whatever happened)
