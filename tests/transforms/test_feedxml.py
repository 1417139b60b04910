"""The fast reader of plain RSS 2.0 and Atom 1.0 documents gives feedparser's rows, or declines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from feedparser.urls import _urljoin
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from benchmarks.feed_farm import FarmFeed
from tests.conftest import SAMPLES, require_corpus
from transforms.feedxml import _joined, read_feed
from transforms.parse import FeedRows, parse_feed

KW = {"fetch_id": "f1", "feed": "feed", "publisher": "Publisher", "feed_url": "https://example.com/feed.xml"}


def both(body: bytes, headers: dict[str, str]) -> tuple[bool, FeedRows]:
    """Whether the fast reader took the document, and the rows, checked to be feedparser's."""
    taken = read_feed(body, {k.lower(): v for k, v in headers.items()}) is not None
    fast, slow = parse_feed(body, headers, fast=True, **KW), parse_feed(body, headers, fast=False, **KW)
    assert fast.info == slow.info
    assert_frame_equal(fast.entries, slow.entries)
    return taken, fast


def test_the_demo_feeds_read_alike() -> None:
    taken = {path.name for path in sorted((SAMPLES / "feeds").iterdir()) if both(path.read_bytes(), {})[0]}
    assert {
        "contracts-bulletin.xml",
        "defense-daily.xml",
        "frontline-ukraine.atom",
        "sister-syndicate.xml",
    } <= taken
    assert "broken-wire.xml" not in taken  # not well-formed: feedparser's loose parser reads it


@pytest.mark.parametrize("index", [0, 1])  # an Atom feed and an RSS feed of the benchmark's farm
def test_the_benchmark_farms_feeds_read_alike(index: int) -> None:
    feed = FarmFeed(index, 20)
    kind = "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
    taken, parsed = both(feed.body, {"Content-Type": kind})
    assert taken
    assert parsed.entries.height == 20


def _cases(corpus: Path) -> list[tuple[Path, dict[str, str]]]:
    cases = [
        (path, {"content-type": "application/rss+xml"}) for path in sorted(corpus.glob("real-feeds/*.*"))
    ]
    for path in sorted(corpus.glob("feedparser-tests/tests/**/*.xml")):
        head = path.read_bytes()[:3000].decode("utf-8", "replace")
        found = re.finditer(r"^Header:\s*([^:]+):\s*(.*?)\s*$", head, re.MULTILINE)
        cases.append((path, {m.group(1).strip().lower(): m.group(2) for m in found}))
    return [(path, headers) for path, headers in cases if path.suffix in (".xml", ".atom", ".rdf", ".rss")]


def test_every_document_of_the_corpus_reads_alike_or_is_declined() -> None:
    """Real feeds (ill-formed ones too) and feedparser's own cases (encodings fighting the HTTP header,
    entities, xml:base, xml:lang, content types, ...): the rows are feedparser's either way."""
    corpus = require_corpus()
    cases = _cases(corpus)
    taken = [path for path, headers in cases if both(path.read_bytes(), headers)[0]]
    assert len(cases) > 2_000
    assert len(taken) >= 650, len(taken)  # 693 when written: well-formed RSS 2.0, RSS 1.0 and Atom 1.0
    assert sum("real-feeds" in str(path) for path in taken) >= 17  # 19 of the 24 real feeds


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
<item><guid>https://example.com/a</guid><link>https://example.com/b?x=1&amp;y=2</link>
<content:encoded><![CDATA[<p>Body <b>text</b> longer than the summary</p>]]></content:encoded>
<description>Sum &lt;b&gt;mary&lt;/b&gt;</description><title>A &lt;i&gt;tall&lt;/i&gt; story</title>
<category domain="d">One</category><category>Two</category><category>Two</category>
<pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate></item>
<item><guid isPermaLink="false">k2</guid><title>Only</title></item></channel></rss>"""


def test_an_items_fields_fill_in_feedparsers_order() -> None:
    """A guid before the link, a body before the summary, a title that looks like HTML, repeated tags."""
    taken, parsed = both(RSS.encode(), {"Content-Type": "application/rss+xml"})
    assert taken
    first = parsed.entries.row(0, named=True)
    assert first["guid"] == "https://example.com/a"
    assert first["link"] == "https://example.com/b?x=1&y=2"
    assert first["tags"] == ["One", "Two"]
    assert parsed.entries["guid"].to_list() == ["https://example.com/a", "k2"]


@pytest.mark.parametrize(
    "change",
    [
        ('<rss version="2.0"', '<!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"'),
        ('<rss version="2.0"', "<!--" + "x" * 2000 + '--><!DOCTYPE rss><rss version="2.0"'),
        ('<rss version="2.0"', '<rss version="0.91"'),
        ("<channel>", '<channel xml:base="https://example.com/">'),
        ("<title>Only</title>", "<title>Only</title><source url='https://x.example/'>X</source>"),
        ("<title>T</title>", "<title>T</title><textInput><title>q</title></textInput>"),
    ],
    ids=["dtd", "late-dtd", "rss-0.91", "xml-base", "unknown-element", "text-input"],
)
def test_what_the_fast_reader_does_not_read_goes_to_feedparser(change: tuple[str, str]) -> None:
    body = RSS.replace(*change).encode("utf-8")
    taken, parsed = both(body, {"Content-Type": "application/rss+xml"})
    assert not taken
    assert parsed.entries.height == 2


def test_a_document_in_another_encoding_is_read_after_feedparsers_conversion() -> None:
    body = (
        RSS.replace('encoding="utf-8"', 'encoding="iso-8859-1"').replace("Only", "Défense").encode("latin-1")
    )
    taken, parsed = both(body, {"Content-Type": "application/rss+xml"})
    assert taken
    assert parsed.entries["title_raw"].to_list()[1] == "Défense"


CAPTIONED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><language>fr</language>
<item><title>Un titre</title><link>https://example.fr/a</link>
<description>Le texte de l'article, plus long que la légende de sa photo.</description>
<media:content url="https://example.fr/a.jpg" width="644"><media:description type="plain">Une légende
</media:description><media:credit scheme="urn:ebu">Une agence</media:credit></media:content></item>
</channel></rss>"""


def test_a_photo_caption_is_filed_as_feedparser_files_it() -> None:
    """feedparser reads a media:description after the summary as a text content (the caption that
    transforms.parse keeps out of the summary): the same here."""
    taken, parsed = both(CAPTIONED.encode(), {"Content-Type": "application/rss+xml"})
    assert taken
    assert parsed.entries["summary_html"].to_list() == [
        "Le texte de l'article, plus long que la légende de sa photo."
    ]
    assert parsed.entries["image_url"].to_list() == ["https://example.fr/a.jpg"]


@given(
    st.lists(
        st.sampled_from(
            ["http", "HTTP", "x+y.z-1", "1a", ":", "/", "//", ":///", "a", "?", "#", " ", "\u00e9"]
        ),
        max_size=10,
    ).map("".join)
)
def test_an_address_without_three_slashes_is_feedparsers_join_as_it_is(uri: str) -> None:
    assert _joined(uri) == _urljoin("", uri)
