from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.frames import PARSED_SCHEMA
from transforms.normalize import html_to_text
from transforms.parse import (
    SAFE_ELEMENTS,
    SEPARATOR,
    FeedInfo,
    _plain,
    _struct_to_datetime,
    instants,
    parse_feed,
    string_lists,
)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Test Wire</title><link>https://wire.example/</link><language>en-gb</language>
<item>
  <title>Norway orders more &lt;b&gt;NASAMS&lt;/b&gt; launchers</title>
  <link>https://wire.example/2026/11/norway-nasams/?utm_source=rss</link>
  <guid isPermaLink="false">wire-001</guid>
  <description>&lt;p&gt;Oslo signed for six launchers &amp;amp; radars.&lt;/p&gt;</description>
  <pubDate>Tue, 24 Nov 2026 09:15:00 +0100</pubDate>
  <dc:creator>Kari Nordmann</dc:creator>
  <category>Air defence</category><category>Norway</category>
  <enclosure url="https://wire.example/img/nasams.jpg" type="image/jpeg" length="1000"/>
</item>
<item>
  <title>Item with a relative link</title>
  <link>/2026/11/relative-story/</link>
  <pubDate>not a date at all</pubDate>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atom Test</title><id>urn:test:feed</id><updated>2026-11-20T10:00:00Z</updated>
  <entry>
    <title type="html">Frigate &amp;amp; helicopter trials</title>
    <id>tag:atom.example,2026:1</id>
    <link rel="alternate" href="https://atom.example/frigate-trials"/>
    <published>2026-11-20T08:00:00-08:00</published>
    <updated>2026-11-21T08:00:00Z</updated>
    <author><name>A. Writer</name></author>
    <content type="html">&lt;p&gt;Longer body about the trials at sea, with more words than the summary.&lt;/p&gt;</content>
    <summary>Short summary.</summary>
  </entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF Test</title><link>https://rdf.example/</link>
    <dc:language>de</dc:language></channel>
  <item rdf:about="https://rdf.example/a"><title>Bundeswehr buys trucks</title>
    <link>https://rdf.example/a</link><dc:date>2026-11-19T12:00:00+01:00</dc:date></item>
</rdf:RDF>"""


def _parse(body: bytes, **overrides: str) -> tuple[pl.DataFrame, FeedInfo]:
    parsed = parse_feed(
        body,
        {"content-type": "application/xml"},
        fetch_id="f1",
        feed="test",
        publisher="Test Publisher",
        feed_url=overrides.get("feed_url", "https://wire.example/feed.xml"),
        default_language=overrides.get("default_language"),
    )
    return parsed.entries, parsed.info


def test_rss_entries_have_the_parsed_schema_and_values() -> None:
    result, info = _parse(RSS)
    assert result.schema == pl.Schema(PARSED_SCHEMA)
    assert result.height == 2
    first = result.row(0, named=True)
    assert first["guid"] == "wire-001"
    assert first["link"] == "https://wire.example/2026/11/norway-nasams/?utm_source=rss"
    assert first["published_parsed"] == datetime(2026, 11, 24, 8, 15, tzinfo=UTC)
    assert first["published_raw"] == "Tue, 24 Nov 2026 09:15:00 +0100"
    assert first["authors"] == ["Kari Nordmann"]
    assert first["tags"] == ["Air defence", "Norway"]
    assert first["image_url"] == "https://wire.example/img/nasams.jpg"
    assert first["language_raw"] == "en-gb"
    assert "<p>" in first["summary_html"]
    assert info.version == "rss20"
    assert info.bozo is False


def test_relative_links_resolve_against_the_feed_url_and_bad_dates_become_null() -> None:
    result, _ = _parse(RSS)
    second = result.row(1, named=True)
    assert second["link"] == "https://wire.example/2026/11/relative-story/"
    assert second["published_parsed"] is None
    assert second["published_raw"] == "not a date at all"


def test_atom_prefers_the_longer_content_and_keeps_both_dates() -> None:
    result, info = _parse(ATOM)
    row = result.row(0, named=True)
    assert row["summary_html"].startswith("<p>Longer body")
    assert row["published_parsed"] == datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    assert row["updated_parsed"] == datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    assert row["guid"] == "tag:atom.example,2026:1"
    assert row["language_raw"] == "en"
    assert info.version == "atom10"


def test_rdf_dates_arrive_as_updated_and_language_from_the_channel() -> None:
    result, info = _parse(RDF)
    row = result.row(0, named=True)
    assert row["published_parsed"] is None
    assert row["updated_parsed"] == datetime(2026, 11, 19, 11, 0, tzinfo=UTC)
    assert row["language_raw"] == "de"
    assert info.version == "rss10"


def test_default_language_applies_only_when_the_feed_declares_none() -> None:
    body = b"<rss version='2.0'><channel><title>t</title><item><title>x</title></item></channel></rss>"
    result, _ = _parse(body, default_language="fr")
    assert result["language_raw"].to_list() == ["fr"]
    result, _ = _parse(RSS, default_language="fr")
    assert result["language_raw"][0] == "en-gb"


def test_html_page_and_empty_body_are_not_feeds() -> None:
    page, info = _parse(b"<!DOCTYPE html><html><head><title>Oops</title></head><body>Moved</body></html>")
    assert page.height == 0
    assert info.is_feed is False
    empty, info = _parse(b"")
    assert empty.height == 0
    assert info.is_feed is False


def test_malformed_xml_is_recovered_and_flagged() -> None:
    broken = RSS.replace(b"Test Wire", b"Test & Wire").replace(b"</channel></rss>", b"")
    result, info = _parse(broken)
    assert info.bozo is True
    assert info.bozo_message
    assert result.height >= 1


CAPTIONED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Captioned</title><link>https://caption.example/</link><language>fr</language>
<item>
  <title>Un d\xc3\xa9put\xc3\xa9 soup\xc3\xa7onn\xc3\xa9 de lobbying</title>
  <link>https://caption.example/a</link>
  <description>Le d\xc3\xa9put\xc3\xa9 aurait \xc3\xa9t\xc3\xa9 r\xc3\xa9mun\xc3\xa9r\xc3\xa9 par un espion.</description>
  <media:content url="https://caption.example/a.jpg" width="644" height="322">
    <media:description type="plain">Deux dirigeants d'extr\xc3\xaame droite s'adressent aux m\xc3\xa9dias au Parlement, \xc3\xa0 Bruxelles, le vendredi 3 novembre 2017.</media:description>
  </media:content>
</item>
<item>
  <title>Full body</title>
  <link>https://caption.example/b</link>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>Short teaser. And the whole article after it, much longer.</p>]]></content:encoded>
</item>
</channel></rss>"""


def test_a_photo_caption_longer_than_the_description_is_not_the_summary() -> None:
    result, _ = _parse(CAPTIONED)
    assert result["summary_html"].to_list() == [
        "Le député aurait été rémunéré par un espion.",
        "<p>Short teaser. And the whole article after it, much longer.</p>",
    ]


LINKS = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://desk.example/news/">
<title>Desk</title><id>urn:desk</id><updated>2026-12-01T10:00:00Z</updated>
<entry><id>urn:desk:1</id><title type="html">Tanker &lt;a href="tankers/kc46"&gt;deliveries&lt;/a&gt;</title>
<updated>2026-12-01T10:00:00Z</updated>
<summary type="html">&lt;p&gt;See &lt;a href="/programs/kc46"&gt;the programme&lt;/a&gt;,
&lt;img src="img/kc46.jpg"&gt; and &lt;a href="https://other.example/a"&gt;a wire story&lt;/a&gt;.&lt;/p&gt;</summary>
</entry>
<entry><id>urn:desk:2</id><title>No links here</title><updated>2026-12-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;Only &lt;a href="https://desk.example/x"&gt;absolute&lt;/a&gt; links.&lt;/p&gt;</content>
</entry>
</feed>"""


def test_links_in_html_bodies_resolve_as_feedparser_would_resolve_them() -> None:
    """feedparser is asked not to resolve links in bodies (a second HTML parse of every body); the bodies
    kept are resolved afterwards, only when they hold a link to resolve, with the same result."""
    result, _ = _parse(LINKS)
    first, second = result.row(0, named=True), result.row(1, named=True)
    assert 'href="https://desk.example/programs/kc46"' in first["summary_html"]
    assert 'src="https://desk.example/news/img/kc46.jpg"' in first["summary_html"]
    assert 'href="https://other.example/a"' in first["summary_html"]
    assert 'href="https://desk.example/news/tankers/kc46"' in first["title_raw"]
    assert first["image_url"] is None or first["image_url"].startswith("https://")
    resolving = feedparser.parse(
        LINKS, response_headers={"content-location": "https://wire.example/feed.xml"}, sanitize_html=True
    )
    # the same text as feedparser's own resolving and sanitizing would leave
    assert html_to_text(first["summary_html"]) == html_to_text(resolving.entries[0].summary)
    assert html_to_text(first["title_raw"]) == html_to_text(resolving.entries[0].title)
    assert html_to_text(second["summary_html"]) == html_to_text(resolving.entries[1].content[0].value)


HOSTILE = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title>
<item><title>&lt;b onclick="steal()"&gt;Tanks&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;delivered</title>
  <link>https://h.example/1</link>
  <description>&lt;p onmouseover="x()"&gt;Six &lt;a href="javascript:alert(1)"&gt;tanks&lt;/a&gt;
  &lt;img src="https://h.example/t.jpg" onerror="x()"&gt;&lt;iframe src="https://evil.example/"&gt;&lt;/iframe&gt;
  &lt;style&gt;p { color: red }&lt;/style&gt;&lt;font color="red"&gt;arrived&lt;/font&gt;.&lt;/p&gt;</description>
</item>
<item><title>Plain title, 5 &lt; 6</title><link>https://h.example/2</link>
  <description>Nothing but text, 5 &lt; 6.</description></item>
</channel></rss>"""


def test_html_bodies_are_sanitized_to_the_text_feedparser_keeps() -> None:
    """Scripts, styles, event handlers, frames and javascript: links go; the text, the image and the
    elements feedparser keeps (font) stay, so the visible text is the one feedparser's sanitizer leaves."""
    result, _ = _parse(HOSTILE)
    first, second = result.row(0, named=True), result.row(1, named=True)
    for hostile in ("<script", "alert", "onmouseover", "onerror", "<iframe", "javascript:", "<style", "red"):
        assert hostile not in first["summary_html"]
    # a title with markup feedparser does not call HTML (a script) stays text/plain, as before: the title
    # kept is its visible text
    assert "alert" not in str(html_to_text(first["title_raw"]))
    assert 'src="https://h.example/t.jpg"' in first["summary_html"]
    assert html_to_text(first["title_raw"]) == "Tanks delivered"
    assert html_to_text(first["summary_html"]) == "Six tanks arrived ."
    sanitizing = feedparser.parse(HOSTILE, sanitize_html=True)
    assert html_to_text(first["summary_html"]) == html_to_text(sanitizing.entries[0].summary)
    assert html_to_text(first["title_raw"]) == html_to_text(sanitizing.entries[0].title)
    # an RSS title is text/plain: not HTML, nothing to sanitize or escape; a description is HTML
    assert second["title_raw"] == "Plain title, 5 < 6"
    assert second["summary_html"] == "Nothing but text, 5 &lt; 6."
    assert html_to_text(second["summary_html"]) == "Nothing but text, 5 < 6."


def test_the_sanitizer_keeps_the_elements_feedparser_keeps() -> None:
    """An element feedparser keeps but nh3 dropped would glue the words on either side of it together."""
    from feedparser.sanitizer import _HTMLSanitizer

    assert set(_HTMLSanitizer.acceptable_elements) == SAFE_ELEMENTS


def test_every_real_feed_keeps_the_text_feedparser_would_keep(corpus: Path) -> None:
    """On every feed of the real-feed corpus, each title and body keeps the visible text (and the first
    image) that feedparser's own sanitizer would have left."""
    import re

    from transforms.normalize import IMG_SRC

    image = re.compile(IMG_SRC)
    files = sorted((corpus / "real-feeds").glob("*.xml"))
    assert len(files) >= 20
    compared = 0
    for path in files:
        body = path.read_bytes()
        ours = parse_feed(body, {}, fetch_id="f", feed="f", publisher="p", feed_url="https://x.example/f.xml")
        theirs = feedparser.parse(
            body, response_headers={"content-location": "https://x.example/f.xml"}, sanitize_html=True
        )
        assert ours.entries.height == len(theirs.entries), path.name
        for row, entry in zip(ours.entries.iter_rows(named=True), theirs.entries, strict=True):
            assert html_to_text(row["title_raw"]) == html_to_text(entry.get("title")), path.name
            bodies = [entry.get("summary"), *(c["value"] for c in entry.get("content", []))]
            kept = [b for b in bodies if html_to_text(b) == html_to_text(row["summary_html"])]
            assert kept or row["summary_html"] is None, path.name
            if kept and row["summary_html"] is not None:
                first_image = [
                    found.group(1) if (found := image.search(b)) else None
                    for b in [row["summary_html"], *kept]
                ]
                assert first_image[0] in first_image[1:], path.name
                compared += 1
    assert compared > 100


def test_list_columns_are_built_from_joined_strings_and_keep_every_item() -> None:
    built = string_lists("tags", [["Army", "Navy"], [], ["Space Force"]])
    assert built.dtype == pl.List(pl.String())
    assert built.to_list() == [["Army", "Navy"], [], ["Space Force"]]
    # an item holding the separator: built item by item, nothing split
    odd = string_lists("tags", [[f"a{SEPARATOR}b"], []])
    assert odd.to_list() == [[f"a{SEPARATOR}b"], []]


def test_an_entry_read_as_a_plain_dict_answers_as_feedparser_does() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>'
        b"<pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate>"
        b'<enclosure url="http://example.org/a.jpg" type="image/jpeg" length="1"/></item></channel></rss>'
    )
    entry = feedparser.parse(body, response_headers={"content-type": "application/rss+xml"}).entries[0]
    plain = _plain(entry)
    assert type(plain) is dict
    with pytest.warns(DeprecationWarning, match="issue 310"):
        assert plain["updated"] == entry.get("updated")
    with pytest.warns(DeprecationWarning, match="issue 310"):
        assert plain["updated_parsed"] == entry.get("updated_parsed")
    assert plain["enclosures"]
    assert [e["href"] for e in plain["enclosures"]] == [e["href"] for e in entry.get("enclosures")]


@given(
    st.tuples(
        st.integers(-5, 10_005),
        st.integers(-1, 14),
        st.integers(-1, 33),
        st.integers(-1, 25),
        st.integers(-1, 61),
        st.integers(-1, 62),
        st.integers(0, 6),
        st.integers(1, 366),
        st.integers(-1, 1),
    )
)
def test_a_parsed_time_is_the_instant_its_timestamp_gives(fields: tuple[int, ...]) -> None:
    """In range or not (a 31 November, a leap second), a parsed time gives the instant that its timestamp
    gave, or None as that did."""
    value = time.struct_time(fields)
    try:
        expected: datetime | None = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        expected = None
    assert _struct_to_datetime(value) == expected


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.datetimes(timezones=st.just(UTC)),
            st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5))]) | st.none()),
        ),
        max_size=8,
    )
)
def test_instants_are_the_datetimes_polars_makes(values: list[datetime | None]) -> None:
    """The UTC Datetime column made from microseconds holds what polars makes of the datetimes themselves."""
    made = instants("published_parsed", values)
    expected = pl.Series("published_parsed", values, dtype=PARSED_SCHEMA["published_parsed"])
    assert made.dtype == expected.dtype
    assert made.to_list() == expected.to_list()
