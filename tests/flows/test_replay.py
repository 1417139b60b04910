"""The landing zone is the source of truth: delete the warehouse, replay, and the marts are identical."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from core.feeds import load_feeds
from core.settings import Settings
from flows.ingest import ingest
from flows.recovery import replay
from sources.landing import prune, read_body
from sources.manifests import read_manifests
from tests.conftest import SAMPLES

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]

MARTS = (
    "articles", "entity_mentions", "money_amounts", "stories", "article_revisions", "country_co_mentions",
    "daily_entity_mentions", "weapon_systems_monthly", "money_by_entity", "deals", "deal_groups",
    "deals_by_buyer_month", "deals_by_supplier", "deals_by_weapon_family", "daily_publisher_articles",
    "daily_country_pairs",
)  # fmt: skip


def snapshot(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = {name: con.execute(f"select * from marts.{name} order by all").fetchall() for name in MARTS}
        marts["quarantine"] = con.execute(
            "select stage, feed, entry_key, reasons from quality.quarantine order by all"
        ).fetchall()
    return marts


def test_replay_rebuilds_identical_marts(tmp_path: Path, feed_dir: Path, feed_server: str) -> None:
    for path in (SAMPLES / "feeds").iterdir():
        shutil.copy(path, feed_dir / path.name)
    feeds = load_feeds(SAMPLES / "feeds.toml", base_url=feed_server)
    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data", data_docs=False)
    ingest(feeds, settings)
    # the publisher corrects a story and adds one: a revision and a new article in a second run
    daily = feed_dir / "defense-daily.xml"
    text = daily.read_text(encoding="utf-8").replace(
        "PrSM Increment 2 seeker work", "PrSM Increment 2 seeker review"
    )
    daily.write_text(text, encoding="utf-8")
    second = ingest(feeds, settings, all_feeds=True)
    assert second.entries_updated == 1
    before = snapshot(settings.warehouse)

    settings.warehouse.rename(tmp_path / "old.duckdb")
    summaries = replay(settings, None)
    assert [s.run_kind for s in summaries] == ["replay", "replay"]
    assert all(s.reconciled for s in summaries)
    after = snapshot(settings.warehouse)
    for name in before:
        assert after[name] == before[name], name


def test_replay_refuses_to_overwrite_a_warehouse(tmp_path: Path) -> None:
    from core.errors import ConfigError

    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data")
    settings.warehouse.write_bytes(b"")
    with pytest.raises(ConfigError, match="move the file away first"):
        replay.fn(settings, None)


def test_prune_keeps_recent_payloads_and_the_bodies_they_use(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    (feed_dir / "a.xml").write_text(
        "<rss version='2.0'><channel><title>a</title></channel></rss>", encoding="utf-8"
    )
    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data", data_docs=False)
    from core.feeds import Feed

    ingest([Feed("a", f"{feed_server}/a.xml", "A")], settings)
    [manifest] = read_manifests(settings.landing_dir)
    body = settings.landing_dir / manifest["landing_path"]
    assert read_body(body).startswith(b"<rss")
    assert prune(settings.landing_dir, 30, datetime.now(UTC)) == (0, 0)
    assert prune(settings.landing_dir, 30, datetime.now(UTC) + timedelta(days=31)) == (1, 1)
    assert not any((settings.landing_dir / "packs").rglob("*.pack"))
    assert read_manifests(settings.landing_dir) == []
