"""The pure parts of the scale-out (flows/shards.py): splitting a run's feeds into shards, choosing the
fetches a run loads, keeping the normalized rows of the entries that pass. No I/O.

A shard is the unit one worker fetches, parses and normalizes. Every feed of one host goes to the same
shard, so that the per-host concurrency limit (politeness towards a publisher) holds across workers exactly
as it does in one process: two workers never poll the same host at once on behalf of one run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from core.feeds import host_of


def split_by_host(urls: Sequence[str], shards: int) -> list[list[int]]:
    """Positions of ``urls`` per shard: hosts are kept whole and handed out largest first, each to the
    shard with the fewest feeds so far (ties to the lower shard number), which keeps the shards within one
    host's feed count of each other. Inside a shard the positions keep their input order. Deterministic;
    shards left without a host are empty (fewer hosts than shards)."""
    if shards < 1:
        raise ValueError("shards must be at least 1")
    by_host: dict[str, list[int]] = {}
    for position, url in enumerate(urls):
        by_host.setdefault(host_of(url), []).append(position)
    groups = sorted(by_host.items(), key=lambda item: (-len(item[1]), item[0]))
    out: list[list[int]] = [[] for _ in range(shards)]
    for _host, positions in groups:
        smallest = min(range(shards), key=lambda shard: (len(out[shard]), shard))
        out[smallest].extend(positions)
    return [sorted(positions) for positions in out]


def latest_per_feed(manifests: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One run's landed fetch manifests with every feed's superseded fetches left out.

    A run fetches a feed once, unless a shard died after landing some fetches and its retry fetched the
    same feeds again: then the later fetch (by ``started_at``, then fetch id) is the one the run loads, and
    the earlier ones stay landed (replay still reads them) but are never loaded. Order is kept."""
    latest: dict[str, tuple[str, str]] = {}
    for m in manifests:
        key = (str(m["started_at"]), str(m["fetch_id"]))
        if m["feed"] not in latest or key > latest[m["feed"]]:
            latest[m["feed"]] = key
    return [m for m in manifests if latest[m["feed"]] == (str(m["started_at"]), str(m["fetch_id"]))]


def passed_rows(normalized: pl.DataFrame, passed: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``normalized`` (every parsed entry, normalized by a shard) whose entry is in ``passed``
    (the parsed entries the checks kept), in their order: what normalizing ``passed`` alone gives, since
    normalizing works row by row. Entries are identified by (fetch_id, entry_index)."""
    return normalized.join(
        passed.select("fetch_id", "entry_index"),
        on=["fetch_id", "entry_index"],
        how="semi",
        maintain_order="left",
    )
