"""Feed management and OPML, on real files under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.feeds import Feed, load_feeds
from sources.subscriptions import add_feed, export_opml, feeds_frame, import_opml, set_enabled
from warehouse.db import connect, prepare
from warehouse.feeds import feed_table, reset_state

FEEDS = """# my subscriptions (this comment must survive edits)
[[feeds]]
name = "wire"
url = "https://wire.example/rss"
publisher = "Wire"
"""

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Reader export</title></head><body>
  <outline text="Defense"><outline text="Naval Watch" title="Naval Watch" type="rss" xmlUrl="https://naval.example/feed"/>
    <outline text="Wire again" type="rss" xmlUrl="https://wire.example/rss"/></outline>
  <outline text="No URL"/>
  <outline text="Gopher" type="rss" xmlUrl="gopher://old.example/feed"/>
</body></opml>"""


@pytest.fixture
def feeds_file(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(FEEDS, encoding="utf-8")
    return path


def test_add_disable_enable_keep_comments_and_validate(feeds_file: Path) -> None:
    add_feed(feeds_file, Feed("naval", "https://naval.example/feed", "Naval Watch", "en", ("naval",)))
    set_enabled(feeds_file, "wire", False)
    text = feeds_file.read_text(encoding="utf-8")
    assert "this comment must survive edits" in text
    feeds = {f.name: f for f in load_feeds(feeds_file)}
    assert feeds["naval"] == Feed(
        "naval", "https://naval.example/feed", "Naval Watch", "en", ("naval",), True
    )
    assert feeds["wire"].enabled is False
    set_enabled(feeds_file, "wire", True)
    assert {f.name: f.enabled for f in load_feeds(feeds_file)} == {"wire": True, "naval": True}
    with pytest.raises(ConfigError, match="duplicate feed name"):
        add_feed(feeds_file, Feed("wire", "https://other.example/", "Other"))
    with pytest.raises(ConfigError, match="no feed named 'nope'"):
        set_enabled(feeds_file, "nope", False)
    assert load_feeds(feeds_file)[0].name == "wire"  # a refused edit leaves the file as it was


def test_opml_import_skips_known_and_unusable_and_export_round_trips(
    feeds_file: Path, tmp_path: Path
) -> None:
    opml = tmp_path / "reader.opml"
    opml.write_text(OPML, encoding="utf-8")
    report = import_opml(feeds_file, opml)
    assert report.added == ["naval-watch"]
    assert (
        len(report.skipped) == 2
    )  # the known wire feed, the gopher URL (the outline without URL is a folder)
    naval = {f.name: f for f in load_feeds(feeds_file)}["naval-watch"]
    assert (naval.url, naval.publisher, naval.tags) == (
        "https://naval.example/feed",
        "Naval Watch",
        ("Defense",),
    )

    exported = tmp_path / "out.opml"
    assert export_opml(feeds_file, exported) == 2
    fresh = tmp_path / "fresh.toml"
    assert import_opml(fresh, exported).added == ["wire", "naval-watch"]
    assert [f.url for f in load_feeds(fresh)] == [f.url for f in load_feeds(feeds_file)]


def test_enable_resets_a_gone_feed_and_list_joins_state(feeds_file: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    prepare(warehouse)
    with connect(warehouse) as con:
        con.execute(
            "insert into ops.feed_state (feed, url, publisher, state, gone_at, updated_at) "
            "values ('wire', 'https://wire.example/rss', 'Wire', 'gone', now(), now())"
        )
    assert feed_table(feeds_frame(feeds_file), warehouse).select("feed", "state").rows() == [("wire", "gone")]
    assert reset_state(warehouse, "wire")
    assert feed_table(feeds_frame(feeds_file), warehouse).select("feed", "state", "next_check_at").rows() == [
        ("wire", "ok", None)
    ]


def test_bad_opml_is_a_clear_error(feeds_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("this is not xml", encoding="utf-8")
    with pytest.raises(ConfigError, match="not an OPML document"):
        import_opml(feeds_file, bad)


def test_a_feed_country_is_checked_against_the_country_seed_and_kept(
    feeds_file: Path, tmp_path: Path
) -> None:
    add_feed(feeds_file, Feed("af", "https://af.example/rss", "Air Force", country="USA"))
    assert [f.country for f in load_feeds(feeds_file)] == [None, "USA"]
    bad = tmp_path / "bad.toml"
    bad.write_text(FEEDS + 'country = "XXX"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="alpha-3"):
        load_feeds(bad)
    lower = tmp_path / "lower.toml"
    lower.write_text(FEEDS + 'country = "fra"\n', encoding="utf-8")
    assert load_feeds(lower)[0].country == "FRA"
