"""Shards keep every host whole and stay balanced."""

from __future__ import annotations

import polars as pl
import pytest

from core.feeds import host_of
from transforms.shards import latest_per_feed, passed_rows, split_by_host


def test_host_of_lower_cases_and_ignores_port_and_path() -> None:
    assert host_of("https://News.Example.COM:8443/feed.xml?x=1") == "news.example.com"
    assert host_of("not a url") == ""


def test_every_feed_of_a_host_lands_in_one_shard() -> None:
    urls = [
        "http://a.test/1", "http://b.test/1", "http://a.test/2", "http://c.test/1",
        "http://b.test/2", "http://a.test/3", "http://d.test/1",
    ]  # fmt: skip
    shards = split_by_host(urls, 2)
    assert shards == [[0, 2, 5, 6], [1, 3, 4]]  # a (3) | b (2); c to the smaller one; d to the tie's first
    assert sorted(p for shard in shards for p in shard) == list(range(len(urls)))
    for shard in shards:
        hosts = {host_of(urls[p]) for p in shard}
        others = {host_of(urls[p]) for other in shards if other is not shard for p in other}
        assert not hosts & others


def test_balances_many_small_hosts_within_one_host_of_each_other() -> None:
    urls = [f"http://h{i % 7}.test/{i}" for i in range(100)]
    sizes = [len(s) for s in split_by_host(urls, 3)]
    assert sum(sizes) == 100
    assert max(sizes) - min(sizes) <= 15  # the largest host has 15 feeds


def test_more_shards_than_hosts_leaves_empty_shards_and_one_shard_is_everything() -> None:
    urls = ["http://x.test/a", "http://x.test/b", "http://y.test/a"]
    assert split_by_host(urls, 4) == [[0, 1], [2], [], []]
    assert split_by_host(urls, 1) == [[0, 1, 2]]
    assert split_by_host([], 2) == [[], []]
    with pytest.raises(ValueError, match="at least 1"):
        split_by_host(urls, 0)


def test_latest_per_feed_drops_fetches_a_shard_retry_superseded() -> None:
    manifests = [
        {"feed": "a", "fetch_id": "1", "started_at": "2026-12-01T10:00:01+00:00"},  # killed attempt
        {"feed": "b", "fetch_id": "2", "started_at": "2026-12-01T10:00:02+00:00"},  # only fetch of b
        {"feed": "a", "fetch_id": "3", "started_at": "2026-12-01T10:01:00+00:00"},  # the retry's
        {"feed": "c", "fetch_id": "4", "started_at": "2026-12-01T10:01:00+00:00"},
    ]
    assert [m["fetch_id"] for m in latest_per_feed(manifests)] == ["2", "3", "4"]
    assert latest_per_feed([]) == []


def test_passed_rows_keeps_the_normalized_rows_of_passed_entries_in_order() -> None:
    normalized = pl.DataFrame(
        {"fetch_id": ["f1", "f1", "f2", "f2"], "entry_index": [0, 1, 0, 1], "title": ["a", "b", "c", "d"]},
        schema={"fetch_id": pl.String(), "entry_index": pl.Int32(), "title": pl.String()},
    )
    passed = pl.DataFrame(
        {"fetch_id": ["f2", "f1"], "entry_index": [1, 0], "guid": ["x", "y"]},
        schema={"fetch_id": pl.String(), "entry_index": pl.Int32(), "guid": pl.String()},
    )
    assert passed_rows(normalized, passed)["title"].to_list() == ["a", "d"]
    assert passed_rows(normalized, passed.clear()).height == 0
