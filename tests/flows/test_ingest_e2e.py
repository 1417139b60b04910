"""End to end: real loopback HTTP server, real Prefect (test harness), real great-expectations, real DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.feeds import Feed
from core.settings import Settings
from flows.ingest import ingest
from flows.tasks import unvisited
from sources.landing import read_body
from sources.manifests import read_manifests
from tests.conftest import SAMPLES
from transforms.stories import WORDS_VERSION

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]

RSS_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://{host}/</link><language>en</language>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>{link}</link><guid isPermaLink="false">{guid}</guid>
<description>&lt;p&gt;{summary}&lt;/p&gt;</description><pubDate>{date}</pubDate></item>"""


def rss(host: str, items: list[dict[str, str]]) -> str:
    body = "\n".join(ITEM.format(**{"date": "Wed, 25 Nov 2026 10:00:00 +0000", **item}) for item in items)
    return RSS_TEMPLATE.format(title=host, host=host, items=body)


def settings_for(tmp_path: Path) -> Settings:
    return Settings(
        warehouse=tmp_path / "data" / "warehouse.duckdb", data_dir=tmp_path / "data", total_timeout=20
    )


def query(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def last_ingest_parameters() -> dict[str, Any]:
    """The parameters Prefect recorded of the latest ingest flow run (the test harness's API)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest"])),
            sort=FlowRunSort.EXPECTED_START_TIME_DESC,
            limit=1,
        )
    return dict(runs[0].parameters)


def write_two_feeds(feed_dir: Path) -> None:
    (feed_dir / "alpha.xml").write_text(
        rss(
            "alpha.example",
            [
                {"title": "Japan buys Tomahawk missiles", "link": "https://alpha.example/tomahawk?utm_source=rss",
                 "guid": "a1", "summary": "Tokyo confirms the order."},
                {"title": "Army tests a new radar", "link": "https://alpha.example/radar", "guid": "a2",
                 "summary": "LTAMDS trials continue."},
                {"title": "", "link": "https://alpha.example/untitled", "guid": "a3", "summary": "No title here."},
            ],
        ),
        encoding="utf-8",
    )  # fmt: skip
    (feed_dir / "beta.xml").write_text(
        rss(
            "beta.example",
            [
                {"title": "Japan buys Tomahawk missiles", "link": "https://ALPHA.example/tomahawk#comments",
                 "guid": "b1", "summary": "Tokyo confirms the order."},
                {"title": "Old archive item", "link": "https://beta.example/old", "guid": "b2",
                 "summary": "From long ago.", "date": "Mon, 01 Jan 1984 00:00:00 +0000"},
            ],
        ),
        encoding="utf-8",
    )  # fmt: skip


def test_two_feeds_load_with_quarantine_duplicates_and_reconciliation(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    write_two_feeds(feed_dir)
    settings = settings_for(tmp_path)
    feeds = [
        Feed("alpha", f"{feed_server}/alpha.xml", "Alpha News"),
        Feed("beta", f"{feed_server}/beta.xml", "Beta Daily"),
    ]
    summary = ingest(unvisited(feeds), settings)  # as `dnw run` passes them: Prefect does not walk the list

    assert summary.status == "ok"
    assert (summary.entries_seen, summary.entries_new, summary.entries_quarantined, summary.entries_duplicate) == (
        5, 2, 2, 1,
    )  # fmt: skip
    assert summary.reconciled
    articles = query(settings, "select title, feed_count, canonical_url from marts.articles order by title")
    assert articles == [
        ("Army tests a new radar", 1, "https://alpha.example/radar"),
        ("Japan buys Tomahawk missiles", 2, "https://alpha.example/tomahawk"),
    ]
    runs = query(
        settings,
        "select status, entries_seen, entries_loaded, entries_quarantined, entries_duplicate, reconciled "
        "from ops.pipeline_runs",
    )
    assert runs == [("ok", 5, 2, 2, 1, True)]
    fetches = query(
        settings, "select feed, http_status, outcome, entries, landing_path from ops.fetch_log order by feed"
    )
    assert [(f, s, o, e) for f, s, o, e, _ in fetches] == [("alpha", 200, "ok", 3), ("beta", 200, "ok", 2)]
    for *_, landing_path in fetches:
        assert read_body(settings.landing_dir / str(landing_path)).startswith(b"<")
    reasons = query(settings, "select feed, reasons from quality.quarantine order by feed")
    assert reasons == [("alpha", ["title_present"]), ("beta", ["published_not_before_1990"])]
    manifests = read_manifests(settings.landing_dir)
    assert len(manifests) == 2
    assert {m["feed"] for m in manifests} == {"alpha", "beta"}
    # Prefect's record of the run's parameters names the feeds (flows/parameters.py), their settings as text
    recorded = last_ingest_parameters()
    assert recorded["feeds"] == ["alpha", "beta"]
    assert recorded["settings"]["warehouse"] == str(settings.warehouse)


# what a load writes besides its fetches, the feeds' state, validation results and run record
STORED_TABLES = (
    "core.articles", "core.article_revisions", "core.article_feeds", "core.article_stories", "core.story_words",
    "core.entity_mentions", "core.money_amounts", "core.deals", "quality.quarantine", "ops.publish_changes",
)  # fmt: skip


def test_running_twice_loads_nothing_new_and_keeps_keys_unique(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    write_two_feeds(feed_dir)
    settings = settings_for(tmp_path)
    feeds = [
        Feed("alpha", f"{feed_server}/alpha.xml", "Alpha"),
        Feed("beta", f"{feed_server}/beta.xml", "Beta"),
    ]
    ingest(feeds, settings)
    counts = "select count(*), count(distinct article_id) from marts.articles"
    before = query(settings, counts)

    assert ingest(feeds, settings).not_due == ["alpha", "beta"]  # polled again only when due
    snapshot_written = settings.snapshot.stat().st_mtime_ns
    stored = {table: query(settings, f"select * from {table} order by all") for table in STORED_TABLES}
    second = ingest(feeds, settings, all_feeds=True)  # the server answers 304 to If-Modified-Since
    assert [r.outcome for r in second.feeds] == ["not_modified", "not_modified"]
    assert second.entries_loaded == 0
    # the load wrote the fetches, the feeds' state and the run record, and nothing else
    assert {
        table: query(settings, f"select * from {table} order by all") for table in STORED_TABLES
    } == stored
    # nothing new -> nothing rewritten: the snapshot readers hold stays as it was
    assert second.published is None
    assert "nothing new: the published snapshot and exports are unchanged" in second.notes
    assert settings.snapshot.stat().st_mtime_ns == snapshot_written

    # mentions an older extractor found are replaced when the unchanged articles are seen again
    mentions = (
        "select article_id, entity_id, start_offset, extractor_version from core.entity_mentions order by all"
    )
    current = query(settings, mentions)
    assert current
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("update core.entity_mentions set extractor_version = 'gazetteer-0'")
        con.execute("update core.articles set facts_version = 'gazetteer-0+money-0+deals-0'")
    third = ingest(feeds, settings, refetch=True)  # bodies parsed again: everything is a duplicate
    assert query(settings, mentions) == current
    assert third.entries_seen == 5
    assert (third.entries_loaded, third.entries_quarantined, third.entries_duplicate) == (0, 2, 3)
    assert third.reconciled
    assert third.published  # quarantined again (times seen changed): published
    after = query(settings, counts)
    assert before == after
    assert after[0][0] == after[0][1]
    assert query(settings, "select sum(times_seen) from quality.quarantine") == [(4,)]
    assert query(settings, "select count(*) from ops.pipeline_runs where reconciled") == [(4,)]


def test_a_changed_story_becomes_a_revision(tmp_path: Path, feed_dir: Path, feed_server: str) -> None:
    item = {"title": "Frigate contract signed", "link": "https://alpha.example/frigate", "guid": "f1",
            "summary": "First version."}  # fmt: skip
    (feed_dir / "alpha.xml").write_text(rss("alpha.example", [item]), encoding="utf-8")
    settings = settings_for(tmp_path)
    feeds = [Feed("alpha", f"{feed_server}/alpha.xml", "Alpha")]
    ingest(feeds, settings)
    (feed_dir / "alpha.xml").write_text(
        rss("alpha.example", [{**item, "title": "Frigate contract signed for $1.2 billion"}]),
        encoding="utf-8",
    )
    summary = ingest(feeds, settings, refetch=True)
    assert (summary.entries_new, summary.entries_updated) == (0, 1)
    assert query(settings, "select title, revision_count from marts.articles") == [
        ("Frigate contract signed for $1.2 billion", 2)
    ]
    # the facts of the new revision replace those of the old one
    assert query(settings, "select amount, currency from marts.money_amounts") == [(1.2e9, "USD")]


def test_broken_feeds_are_recorded_and_the_rest_still_loads(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    write_two_feeds(feed_dir)
    (feed_dir / "page.html").write_text("<!DOCTYPE html><html><body><h1>Not a feed</h1></body></html>")
    (feed_dir / "empty.xml").write_bytes(b"")
    settings = settings_for(tmp_path)
    feeds = [
        Feed("alpha", f"{feed_server}/alpha.xml", "Alpha"),
        Feed("missing", f"{feed_server}/nope.xml", "Nobody"),
        Feed("page", f"{feed_server}/page.html", "Web Page"),
        Feed("empty", f"{feed_server}/empty.xml", "Empty"),
        Feed("refused", "http://127.0.0.1:9/feed.xml", "Closed Port"),
    ]
    summary = ingest(feeds, settings)
    outcomes = {r.feed: r.outcome for r in summary.feeds}
    assert outcomes == {
        "alpha": "ok",
        "missing": "http_error",
        "page": "parse_error",
        "empty": "parse_error",
        "refused": "network_error",
    }
    assert summary.status == "ok"
    assert summary.entries_new == 2
    state = dict(query(settings, "select feed, state from ops.feed_state"))
    assert state == {
        "alpha": "ok",
        "missing": "failing",
        "page": "failing",
        "empty": "failing",
        "refused": "failing",
    }
    assert query(settings, "select feeds_failed from ops.pipeline_runs") == [(4,)]


def test_demo_samples_load_every_entry(tmp_path: Path, feed_server: str, feed_dir: Path) -> None:
    from core.feeds import load_feeds

    for path in (SAMPLES / "feeds").iterdir():
        shutil.copy(path, feed_dir / path.name)
    feeds = load_feeds(SAMPLES / "feeds.toml", base_url=feed_server)
    assert len(feeds) >= 6
    settings = settings_for(tmp_path)
    summary = ingest(feeds, settings)
    assert summary.reconciled
    assert summary.entries_seen >= 150
    assert all(r.outcome == "ok" for r in summary.feeds), [
        (r.feed, r.outcome, r.error) for r in summary.feeds
    ]
    assert summary.entries_quarantined >= 5
    # the sister site re-publishes four stories under tracking parameters, host casing and fragments
    assert query(settings, "select count(*) from marts.articles where feed_count = 2") == [(4,)]
    assert query(settings, "select count(*) = count(distinct article_id) from marts.articles") == [(True,)]
    # facts: countries, weapon systems, organizations and money from the demo stories
    kinds = dict(
        query(
            settings, "select entity_type, count(distinct entity_id) from marts.entity_mentions group by all"
        )
    )
    assert kinds["country"] >= 20
    assert kinds["weapon_system"] >= 20
    assert kinds["organization"] >= 20
    assert query(
        settings, "select count(*) > 20, count(*) filter (where amount_usd is null) from marts.money_amounts"
    ) == [(True, 0)]
    assert (
        query(settings, "select count(*) from marts.entity_mentions where entity_id = 'patriot'")[0][0] >= 2
    )
    dims = query(
        settings, "select (select count(*) from core.dim_countries), (select count(*) from core.dim_fx_rates)"
    )
    assert dims[0][0] >= 249
    assert dims[0][1] > 100


def test_three_feeds_one_story_and_syndicated_rewrites(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    story = {
        "title": "Norway orders more NASAMS launchers",
        "guid": "x",
        "summary": "Oslo signs for six more launchers.",
    }
    (feed_dir / "main.xml").write_text(
        rss("main.example", [{**story, "link": "https://news.example/nasams/?utm_source=rss", "guid": "m1"}]),
        encoding="utf-8",
    )
    (feed_dir / "category.xml").write_text(
        rss("main.example", [{**story, "link": "HTTPS://NEWS.example/nasams/#comments", "guid": "c1"}]),
        encoding="utf-8",
    )
    (feed_dir / "partner.xml").write_text(
        rss(
            "partner.example",
            [
                {**story, "link": "https://news.example:443/nasams/?fbclid=abc&utm_medium=feed", "guid": "p1"},
                # a lightly rewritten copy of a Canberra story, and an unrelated story on the same topic
                {"title": "Mitsubishi Heavy Industries signs Mogami frigate deal with Australia",
                 "link": "https://partner.example/mogami", "guid": "p2",
                 "summary": "Australia has signed for the first three upgraded Mogami-class frigates, which Mitsubishi "
                            "Heavy Industries will build in Nagasaki for delivery from 2029, replacing the Royal "
                            "Australian Navy's Anzac-class ships."},
                {"title": "Royal Australian Navy retires another Anzac-class frigate", "link": "https://partner.example/anzac",
                 "guid": "p3", "summary": "HMAS Anzac was decommissioned in Sydney after 28 years of service, leaving "
                 "seven ships of the class in the fleet while the navy waits for new general-purpose frigates."},
            ],
        ),
        encoding="utf-8",
    )  # fmt: skip
    (feed_dir / "canberra.xml").write_text(
        rss(
            "canberra.example",
            [
                {"title": "Australia signs Mogami frigate contract with Mitsubishi Heavy Industries",
                 "link": "https://canberra.example/mogami", "guid": "k1", "date": "Tue, 24 Nov 2026 08:00:00 +0000",
                 "summary": "Canberra signed a contract for the first three upgraded Mogami-class frigates, to be "
                            "built in Nagasaki and delivered from 2029 to replace the Anzac-class ships of the Royal "
                            "Australian Navy."}
            ],
        ),
        encoding="utf-8",
    )  # fmt: skip
    settings = settings_for(tmp_path)
    feeds = [
        Feed(name, f"{feed_server}/{name}.xml", publisher)
        for name, publisher in [
            ("main", "News"),
            ("category", "News"),
            ("partner", "Partner Wire"),
            ("canberra", "Canberra Post"),
        ]
    ]
    ingest(feeds, settings)
    [(feed_count, carried)] = query(
        settings,
        "select feed_count, feeds from marts.articles where canonical_url = 'https://news.example/nasams/'",
    )
    assert feed_count == 3
    assert sorted(carried) == ["category", "main", "partner"]  # type: ignore[call-overload]
    stories = query(
        settings,
        "select article_count, first_publisher, publishers from marts.stories order by article_count desc, title",
    )
    assert stories[0] == (2, "Canberra Post", ["Canberra Post", "Partner Wire"])
    assert [s[0] for s in stories[1:]] == [1, 1]  # the NASAMS story and the unrelated Anzac story


MOGAMI = {
    "title": "Australia signs Mogami frigate contract with Mitsubishi Heavy Industries",
    "link": "https://canberra.example/mogami",
    "guid": "k1",
    "date": "Tue, 24 Nov 2026 08:00:00 +0000",
    "summary": "Canberra signed a contract for the first three upgraded Mogami-class frigates, to be built in "
    "Nagasaki and delivered from 2029 to replace the Anzac-class ships of the Royal Australian Navy.",
}
MOGAMI_REWRITE = {
    "title": "Mitsubishi Heavy Industries signs Mogami frigate deal with Australia",
    "link": "https://partner.example/mogami",
    "guid": "p2",
    "summary": "Australia has signed for the first three upgraded Mogami-class frigates, which Mitsubishi Heavy "
    "Industries will build in Nagasaki for delivery from 2029, replacing the Royal Australian Navy's "
    "Anzac-class ships.",
}


@pytest.mark.parametrize("stored", ["words", "text"])
def test_a_later_copy_joins_the_story_by_the_words_stored_at_the_load(
    tmp_path: Path, feed_dir: Path, feed_server: str, stored: str
) -> None:
    """The first run stores the original's content-word hashes; the next run matches its copy against them
    (``words``: the stored text is made useless, only the hashes can match), or against the stored text when
    the hashes are not of the running version (``text``: hashed again)."""
    settings = settings_for(tmp_path)
    canberra = Feed("canberra", f"{feed_server}/canberra.xml", "Canberra Post")
    partner = Feed("partner", f"{feed_server}/partner.xml", "Partner Wire")
    (feed_dir / "canberra.xml").write_text(rss("canberra.example", [MOGAMI]), encoding="utf-8")
    (feed_dir / "partner.xml").write_text(rss("partner.example", []), encoding="utf-8")
    ingest([canberra, partner], settings)
    [(count, version)] = query(settings, "select len(words), version from core.story_words")
    assert count >= 15  # type: ignore[operator]
    assert version == WORDS_VERSION
    with duckdb.connect(str(settings.warehouse)) as con:
        if stored == "words":
            con.execute("update core.articles set title = 'Unrelated', summary = 'Nothing in common.'")
        else:
            con.execute("update core.story_words set version = 'polars 0.0'")
    (feed_dir / "partner.xml").write_text(rss("partner.example", [MOGAMI_REWRITE]), encoding="utf-8")
    ingest([canberra, partner], settings, all_feeds=True)
    rows = query(
        settings,
        "select a.publisher, s.story_id = k.article_id, s.similarity >= 0.4 from core.article_stories as s "
        "join core.articles as a using (article_id), core.articles as k where k.publisher = 'Canberra Post' "
        "order by a.publisher",
    )
    assert rows == [("Canberra Post", True, None), ("Partner Wire", True, True)]
    # the copy's words are stored too (the original's stay, whatever version they carry)
    assert query(settings, "select count(*) from core.story_words") == [(2,)]


def test_revisions_keep_history(tmp_path: Path, feed_dir: Path, feed_server: str) -> None:
    item = {
        "title": "Frigate contract signed",
        "link": "https://alpha.example/frigate",
        "guid": "f1",
        "summary": "First.",
    }
    (feed_dir / "alpha.xml").write_text(rss("alpha.example", [item]), encoding="utf-8")
    settings = settings_for(tmp_path)
    feeds = [Feed("alpha", f"{feed_server}/alpha.xml", "Alpha")]
    ingest(feeds, settings)
    (feed_dir / "alpha.xml").write_text(
        rss("alpha.example", [{**item, "summary": "Second, corrected."}]), encoding="utf-8"
    )
    ingest(feeds, settings, refetch=True)
    assert query(settings, "select revision, summary from marts.article_revisions order by revision") == [
        (1, "First."),
        (2, "Second, corrected."),
    ]
    assert query(settings, "select summary, revision_count from marts.articles") == [
        ("Second, corrected.", 2)
    ]
    # the text is stored once: the current revision's is the article's, a replaced one keeps its own
    stored = "select summary from core.article_revisions order by first_seen_at"
    assert query(settings, stored) == [("First.",), (None,)]
    # going back to an earlier content replaces the second, which now keeps its text
    (feed_dir / "alpha.xml").write_text(rss("alpha.example", [item]), encoding="utf-8")
    ingest(feeds, settings, refetch=True)
    assert query(settings, stored) == [("First.",), ("Second, corrected.",)]
    assert query(settings, "select revision, summary from marts.article_revisions order by revision") == [
        (1, "First."),
        (2, "Second, corrected."),
    ]
    assert query(settings, "select summary, revision_count from marts.articles") == [("First.", 3)]


def test_the_fact_worker_loads_the_same_facts_as_extraction_in_the_flow(
    tmp_path: Path,
    feed_server: str,
    feed_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A large batch's money and deals come from a worker process while the entries are validated: forced
    on the demo here (its deals cut in chunks of ten articles that the worker and the flow's process share),
    the warehouse holds exactly the facts of extraction in the flow's process."""
    import flows.fact_worker
    from core.feeds import load_feeds

    for path in (SAMPLES / "feeds").iterdir():
        shutil.copy(path, feed_dir / path.name)
    feeds = load_feeds(SAMPLES / "feeds.toml", base_url=feed_server)
    # a publisher's country and another language change what money means: both paths must read them
    (feed_dir / "southern.xml").write_text(
        rss(
            "southern.example",
            [
                {"title": "Canberra orders more Bushmaster vehicles", "link": "https://southern.example/1",
                 "guid": "s1", "summary": "Thales Australia won a $40 million order for 30 Bushmasters."},
                {"title": "La France commande des drones", "link": "https://southern.example/2",
                 "guid": "s2", "summary": "La DGA a signé un contrat de 50 millions d'euros avec Safran."},
            ],
        ),
        encoding="utf-8",
    )  # fmt: skip
    feeds.append(Feed("southern", f"{feed_server}/southern.xml", "Southern Dispatch", country="AUS"))
    facts = {}
    # the load asks for the deals once it has written the rest; "again": its first attempt runs out of memory
    # within its budget and it is done again, with the deals it was handed then
    for mode, minimum, budget in (("flow", 10**9, "none"), ("worker", 0, "none"), ("again", 0, "256KB")):
        monkeypatch.setattr(flows.fact_worker, "WORKER_MIN_ARTICLES", minimum)
        monkeypatch.setenv("DNW_LOAD_MEMORY_LIMIT", budget)
        monkeypatch.setattr(flows.fact_worker, "CHUNK_ARTICLES", 10)
        settings = Settings(
            warehouse=tmp_path / mode / "warehouse.duckdb",
            data_dir=tmp_path / mode,
            total_timeout=20,
            parse_workers=2,
        )
        assert ingest(feeds, settings).reconciled
        facts[mode] = [
            query(settings, f"select * from core.{table} order by all")
            for table in ("entity_mentions", "money_amounts", "deals")
        ]
    assert all(facts["flow"]), "the demo has mentions, money and deals"
    assert facts["worker"] == facts["flow"]
    assert facts["again"] == facts["flow"]
    assert "load: out of memory within 256KB" in caplog.text
    currencies = {row[2] for row in facts["worker"][1] if row[0] in {a for a, *_ in facts["worker"][1]}}
    assert {"AUD", "EUR"} <= currencies


def test_unchanged_articles_are_not_extracted_again_until_the_extractors_change(
    tmp_path: Path, feed_dir: Path, feed_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.pipeline
    from transforms.facts import facts_version

    extracted: list[int] = []
    original = flows.pipeline.extract_task

    def counting(kept, *args, **kwargs):  # type: ignore[no-untyped-def]
        extracted.append(kept.height)
        return original(kept, *args, **kwargs)

    monkeypatch.setattr(flows.pipeline, "extract_task", counting)
    write_two_feeds(feed_dir)
    settings = settings_for(tmp_path)
    feeds = [
        Feed("alpha", f"{feed_server}/alpha.xml", "Alpha News"),
        Feed("beta", f"{feed_server}/beta.xml", "Beta Daily"),
    ]
    assert ingest(feeds, settings).entries_new == 2
    mentions = query(settings, "select article_id, entity_id from core.entity_mentions order by all")
    assert mentions
    versions = query(settings, "select distinct facts_version from core.articles")
    assert versions == [(facts_version(True),)]

    again = ingest(feeds, settings, refetch=True)  # the same two articles, seen again
    assert (again.entries_new, again.entries_duplicate) == (0, 3)
    assert again.reconciled
    # the two stored articles are not extracted again; the two entries validation quarantines are (their
    # facts are extracted while the entries are validated)
    assert extracted == [4, 2]
    assert query(settings, "select article_id, entity_id from core.entity_mentions order by all") == mentions
    assert query(
        settings, "select count(*) from core.articles where last_run_id = ?".replace("?", f"'{again.run_id}'")
    ) == [(2,)]

    monkeypatch.setattr(flows.pipeline, "facts_version", lambda deals: "newer-extractors")
    ingest(feeds, settings, refetch=True)
    assert extracted == [4, 2, 4]  # an extractor changed: the stored two are extracted again, and say so
    assert query(settings, "select distinct facts_version from core.articles") == [("newer-extractors",)]
    assert query(settings, "select article_id, entity_id from core.entity_mentions order by all") == mentions


def test_a_load_out_of_memory_within_its_budget_is_done_again_at_the_full_limit(
    tmp_path: Path,
    feed_dir: Path,
    feed_server: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """DNW_LOAD_MEMORY_LIMIT bounds DuckDB while loading; a budget too small for the load costs a second
    attempt of its transaction, not the run."""
    write_two_feeds(feed_dir)
    settings = settings_for(tmp_path)
    monkeypatch.setenv("DNW_LOAD_MEMORY_LIMIT", "256KB")
    feeds = [
        Feed("alpha", f"{feed_server}/alpha.xml", "Alpha"),
        Feed("beta", f"{feed_server}/beta.xml", "Beta"),
    ]
    result = ingest(feeds, settings)
    assert "load: out of memory within 256KB" in caplog.text
    assert result.reconciled
    assert result.entries_loaded == 2
    assert query(settings, "select count(*) from core.articles") == [(2,)]
    assert query(settings, "select count(*) from ops.pipeline_runs") == [(1,)]
