"""The early fetch (sources/prefetch.py): a real process asking a real loopback server before the flow's
fetch, whose results must be those of a fetch without it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from core.feeds import Feed
from core.runtime import PREFETCH_ENV, start_early_process, take_early_process
from core.settings import Settings
from sources.http import FetchResult, Validators, fetch_feeds
from sources.prefetch import Prefetch, start
from warehouse.lock import lock_path

BODY = b"<rss version='2.0'><channel><title>t</title><item><title>x</title><link>https://e.x/1</link></item></channel></rss>"


def _settings(tmp_path: Path) -> Settings:
    return Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data")


def _feeds(feed_dir: Path, base: str) -> list[Feed]:
    (feed_dir / "a.xml").write_bytes(BODY)
    (feed_dir / "b.xml").write_bytes(BODY.replace(b"<title>x", b"<title>y"))
    return [
        Feed("a", f"{base}/a.xml", "A"),
        Feed("b", f"{base}/b.xml", "B"),
        Feed("missing", f"{base}/missing.xml", "M"),
        Feed("off", f"{base}/a.xml", "O", enabled=False),
    ]


def _essentials(results: list[FetchResult]) -> list[tuple[object, ...]]:
    return sorted((r.feed, r.outcome, r.http_status, r.final_url, r.size, r.body_sha256) for r in results)


def _planned(feeds: list[Feed], settings: Settings) -> Prefetch:
    """The early process started for ``feeds`` (every one due) and done planning."""
    prefetch = start(feeds, settings, all_feeds=True, refetch=False)
    assert prefetch is not None
    prefetch.wait_planned(30)
    return prefetch


def _fetched(
    prefetch: Prefetch, feeds: list[Feed], settings: Settings, state: dict[str, Validators]
) -> tuple[int, bool]:
    """(exchanges replayed, whether the flow's fetch made a network transport)"""
    transport = prefetch.transport(settings)
    try:
        with_early = fetch_feeds([f for f in feeds if f.enabled], settings, state, "run-early", transport)
        plain = fetch_feeds([f for f in feeds if f.enabled], settings, state, "run-plain")
        assert _essentials(with_early) == _essentials(plain)
        return transport.replayed, transport._network is not None
    finally:
        prefetch.close()


def test_the_flow_gets_what_the_early_process_asked_and_the_same_results(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    feeds, settings = _feeds(feed_dir, feed_server), _settings(tmp_path)
    prefetch = _planned(feeds, settings)
    assert prefetch.failure is None
    assert len(prefetch.planned or ()) == 3  # no warehouse yet: every enabled feed, no validators
    # the 404 too: an answer like any other; nothing left to ask the network (no TLS context built)
    assert _fetched(prefetch, feeds, settings, {}) == (3, False)


def test_a_request_with_other_validators_goes_to_the_network(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    feeds, settings = _feeds(feed_dir, feed_server), _settings(tmp_path)
    prefetch = start(feeds, settings, all_feeds=True, refetch=False)
    assert prefetch is not None
    [first] = fetch_feeds([feeds[0]], settings, {}, "run-0")
    state = {
        "a": Validators(first.headers.get("etag"), first.headers.get("last-modified"), first.body_sha256)
    }
    # the early process planned without validators (no warehouse): feed a's conditional GET is the flow's own
    assert _fetched(prefetch, feeds, settings, state) == (2, True)


def test_no_early_answers_while_another_run_holds_the_writer_lock(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    feeds, settings = _feeds(feed_dir, feed_server), _settings(tmp_path)
    lock = lock_path(settings.warehouse)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        prefetch = start(feeds, settings, all_feeds=True, refetch=False)
        assert prefetch is not None
        prefetch.wait_planned(30)
        assert prefetch.planned == set()
        assert prefetch.failure is not None
        assert "BlockingIOError" in prefetch.failure
        assert _fetched(prefetch, feeds, settings, {}) == (0, True)  # the flow asks everything itself
    finally:
        os.close(fd)


def test_an_unreadable_warehouse_leaves_the_fetch_to_the_flow(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    feeds, settings = _feeds(feed_dir, feed_server), _settings(tmp_path)
    settings.warehouse.write_bytes(b"not a DuckDB file")
    prefetch = _planned(feeds, settings)
    assert prefetch.planned == set()
    assert prefetch.failure
    assert _fetched(prefetch, feeds, settings, {}) == (0, True)


def test_the_command_line_starts_the_process_and_the_run_hands_it_the_job(
    tmp_path: Path, feed_dir: Path, feed_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    feeds, settings = _feeds(feed_dir, feed_server), _settings(tmp_path)
    start_early_process(["dnw", "sql", "select 1"])  # not a pipeline command: nothing started
    assert take_early_process() is None
    monkeypatch.setenv(PREFETCH_ENV, "0")
    start_early_process(["dnw", "run"])
    assert take_early_process() is None
    monkeypatch.delenv(PREFETCH_ENV)
    start_early_process(["dnw", "run", "--all"])
    prefetch = start(feeds, settings, all_feeds=True, refetch=False)  # takes the one already started
    assert prefetch is not None
    assert take_early_process() is None
    prefetch.wait_planned(30)
    assert len(prefetch.planned or ()) == 3
    assert _fetched(prefetch, feeds, settings, {}) == (3, False)
