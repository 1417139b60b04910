"""Shards in one process (no work pool): the same loader path as on a pool, without starting workers.

The sharded run's marts equal a single-process run's on the same feeds, every fetch is logged once, and a
pending run whose shard died and ran again loads only the latest fetch of each feed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from core.errors import ConfigError
from core.settings import Settings, resolve_settings, settings_env
from flows.ingest import ingest
from flows.recovery import replay
from flows.shards import feed_from_json, feed_to_json, plan_shards
from sources.http import fetch_feeds
from sources.landing import mark_pending, pending_runs
from tests.flows.shard_farm import comparable_marts, farm_on_hosts

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]


def fetch_log(warehouse: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select fetch_id, feed, run_id from ops.fetch_log order by feed").fetchall()


def test_sharded_run_loads_what_a_single_process_run_loads(tmp_path: Path) -> None:
    with farm_on_hosts(feeds=30, items=4, hosts=3) as (feeds, served):
        single = Settings(warehouse=tmp_path / "one.duckdb", data_dir=tmp_path / "one", data_docs=False)
        first = ingest(feeds, single)
        sharded = replace(single, warehouse=tmp_path / "three.duckdb", data_dir=tmp_path / "three", shards=3)
        summary = ingest(feeds, sharded)
    assert first.reconciled
    assert summary.reconciled
    assert summary.entries_seen == first.entries_seen == 120
    assert all(served[f.name] == 2 for f in feeds)  # once by each run
    assert sum(note.startswith("shard ") for note in summary.notes) == 3
    assert {"shard fetch", "shard parse"} <= set(summary.stage_seconds)
    assert "normalize" not in summary.stage_seconds  # the parse workers normalize
    logged = fetch_log(sharded.warehouse)
    assert len(logged) == len({row[0] for row in logged}) == len(feeds)
    assert comparable_marts(sharded.warehouse) == comparable_marts(single.warehouse)
    assert not (sharded.landing_dir / "shards" / summary.run_id).exists()  # staged results removed
    assert pending_runs(sharded.landing_dir) == []


def test_recovery_loads_only_the_latest_fetch_of_a_feed_fetched_twice_in_one_run(tmp_path: Path) -> None:
    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data", data_docs=False)
    with farm_on_hosts(feeds=6, items=3, hosts=2) as (feeds, _served):
        # a run whose shard landed its fetches, died, and ran again before the loader died too
        dead_run = "20261201T100000Z-deadbeef"
        mark_pending(settings.landing_dir, dead_run, datetime.now(UTC))
        killed = fetch_feeds(feeds[:3], settings, {}, dead_run)
        retried = fetch_feeds(feeds, settings, {}, dead_run)
        ingest(feeds[:1], settings, all_feeds=True)  # the next run recovers the dead one first
    logged = fetch_log(settings.warehouse)
    dead = {fetch_id for fetch_id, _feed, run in logged if run == dead_run}
    assert dead == {f.fetch_id for f in retried}
    assert not dead & {f.fetch_id for f in killed}
    assert len(logged) == len({row[0] for row in logged})
    # replay loads the landing zone as the live runs loaded it: the superseded fetches stay out
    settings.warehouse.rename(tmp_path / "live.duckdb")
    replay(settings, None)
    assert {row[0] for row in fetch_log(settings.warehouse)} == {row[0] for row in logged}


def test_shard_settings_and_feeds_travel_as_json_values() -> None:
    env = {"DNW_SHARDS": "4", "DNW_WORK_POOL": "dnw", "DNW_SHARD_STALL": "30"}
    settings = resolve_settings({}, env)
    assert (settings.shards, settings.work_pool, settings.shard_stall) == (4, "dnw", 30.0)
    assert resolve_settings({}, settings_env(settings)) == replace(
        settings, warehouse=settings.warehouse.resolve(), data_dir=settings.data_dir.resolve()
    )
    assert resolve_settings({}, {}).shards == 1
    assert resolve_settings({}, {}).work_pool == ""
    with pytest.raises(ConfigError, match="shards must be at least 1"):
        resolve_settings({"shards": 0}, {})
    with farm_on_hosts(feeds=5, items=1, hosts=2) as (feeds, _served):
        assert [feed_from_json(feed_to_json(f)) for f in feeds] == feeds
        groups = plan_shards(feeds, 4)  # two hosts: two non-empty shards
        assert sorted(len(g) for g in groups) == [2, 3]
