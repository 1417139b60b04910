from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from schemas.frames import PARSED_SCHEMA
from transforms.normalize import (
    CANONICAL_AS_IS,
    JOINS_AS_IS,
    NORMALIZED_SCHEMA,
    _canonical,
    canonicalize,
    html_to_text,
    join,
    normalize_entries,
    split_duplicates,
    stable_id,
)

FETCHED = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a/b?z=1&a=2#frag", "https://example.com/a/b?a=2&z=1"),
        ("http://example.com:80/", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://ex.com/p?utm_source=rss&utm_medium=feed&id=7", "https://ex.com/p?id=7"),
        ("https://ex.com/p?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2", "https://ex.com/p"),
        ("https://ex.com/p?UTM_Campaign=x&ref=allied&page=2", "https://ex.com/p?page=2"),
        ("https://ex.com/caf\u00e9 story", "https://ex.com/caf%C3%A9%20story"),
        ("javascript:alert(1)", None),
        ("ftp://files.example/a.txt", None),
        ("mailto:desk@example.com", None),
        ("", None),
        (None, None),
        ("https://exa mple.com:99999/", None),
    ],
)
def test_canonicalize(url: str | None, expected: str | None) -> None:
    assert canonicalize(url) == expected


def test_canonicalize_resolves_relative_links_against_the_base() -> None:
    assert canonicalize("/2026/11/x/?utm_source=a", base="https://Wire.example/feed.xml") == (
        "https://wire.example/2026/11/x/"
    )


URLS = st.builds(
    lambda scheme, host, port, path, query, frag: f"{scheme}://{host}{port}/{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTP", "HttpS"]),
    st.from_regex(r"[A-Za-z0-9]{1,10}\.(com|org|EXAMPLE)", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.lists(
        st.tuples(st.sampled_from(["utm_source", "id", "fbclid", "q", "a", "Z", "ref"]), st.text(max_size=5)),
        max_size=4,
    ).map(lambda pairs: ("?" + "&".join(f"{k}={v}" for k, v in pairs)) if pairs else ""),
    st.sampled_from(["", "#top", "#a b"]),
)


@given(URLS)
def test_canonicalize_is_idempotent(url: str) -> None:
    once = canonicalize(url)
    assert once is not None
    assert canonicalize(once) == once


def _outcome(function: object, *args: str) -> tuple[str, str | None]:
    """What a call gives: its value, or the kind of error it raised."""
    try:
        return "value", function(*args)  # type: ignore[operator]
    except ValueError as error:
        return "error", type(error).__name__


# bases a feed can give: none, plain, with a query and a fragment, one urlsplit refuses, anything
BASES = st.one_of(
    st.sampled_from(["", "http://127.0.0.1/feed/1.xml", "HTTPS://Wire.example/a/b;p?q=1#f", "http://[::1/x"]),
    st.text(max_size=20),
)
# pieces of addresses that urljoin treats specially: separators, dot segments, spaces, controls, non-ASCII
PIECES = st.lists(
    st.sampled_from(
        [*"aZ09.-:/?#;@%[]\\ \t\n\x00\x7f~_!$&'()*+,=\u00e9", "://", "/./", "/../", "?#", "//", "http"]
    ),
    max_size=12,
).map("".join)
ADDRESSES = st.one_of(
    st.from_regex(JOINS_AS_IS, fullmatch=True),
    st.builds(
        lambda scheme, rest: f"{scheme}://{rest}",
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        PIECES,
    ),
    PIECES,
)


@given(BASES, ADDRESSES)
def test_join_is_urljoin(base: str, url: str) -> None:
    """join skips urljoin only for addresses urljoin gives back as they are, and raises when it raises."""
    assert _outcome(join, base, url) == _outcome(urljoin, base, url)


@given(st.from_regex(CANONICAL_AS_IS, fullmatch=True))
def test_addresses_canonicalize_leaves_as_they_are(url: str) -> None:
    """An address canonicalize returns without w3lib is one w3lib's canonicalization would not change."""
    if "/." not in url:
        assert canonicalize(url) == _canonical(url) == url


def test_every_link_of_the_real_feeds_joins_and_canonicalizes_as_before(corpus: Path) -> None:
    """Every address in the real-feed corpus (links, ids, sources of images and enclosures), joined to a
    few bases and canonicalized, gives what urljoin and w3lib give, and most of them take the short way."""
    found: set[str] = set()
    for path in sorted((corpus / "real-feeds").glob("*.xml")):
        body = path.read_bytes()
        found |= {
            m.decode("utf-8", "replace") for m in re.findall(rb"""(?:href|url|src)=["']([^"']*)""", body)
        }
        found |= {
            m.decode("utf-8", "replace") for m in re.findall(rb"<(?:link|guid|id)\b[^>]*>([^<]*)<", body)
        }
    assert len(found) > 1000
    for url in found:
        for base in ("", "https://example.org/1/feed.xml", "http://www.af.mil/News/"):
            joined = _outcome(join, base, url)
            assert joined == _outcome(urljoin, base, url)
            if joined[0] == "value" and joined[1] and joined[1].strip():
                assert canonicalize(joined[1]) == _canonical(joined[1].strip())
    plain = [url for url in found if CANONICAL_AS_IS.fullmatch(url.strip()) and "/." not in url]
    assert len(plain) > len(found) / 2


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hello &amp; <b>world</b></p><p>Next&#8217;s</p>", "Hello & world Next’s"),
        ("plain   text\n with  spaces ", "plain text with spaces"),
        ("<script>alert(1)</script>Visible", "Visible"),
        ("<p> </p>", None),
        ("", None),
        (None, None),
    ],
)
def test_html_to_text(html: str | None, expected: str | None) -> None:
    assert html_to_text(html) == expected


@given(
    st.lists(
        st.sampled_from(
            ["<p>", "</p>", "<b>", "a b", " ", "&amp;", "<script>", "</SCRIPT>", "<Style>", "<noscript>", "<",
             "<template>", "</template>", "<svg>", "<br/>", "<!--", "-->", "<scr", "ipt>", "\x00", "\u00e9"]
        ),
        max_size=12,
    ).map("".join)
)  # fmt: skip
def test_html_to_text_leaves_out_hidden_elements_only_where_there_are_some(html: str) -> None:
    """Text without a script, style, noscript or template tag comes out as it does when they are removed."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template"])
    expected = " ".join((tree.text(separator=" ") or "").split()) or None
    if "<" in html or "&" in html:  # (other text is not parsed at all)
        assert html_to_text(html) == expected


def _parsed(**columns: list[object]) -> pl.DataFrame:
    """A parsed-entries frame: given columns, the rest null/empty, one row per list element."""
    n = len(next(iter(columns.values())))
    data: dict[str, list[object]] = {}
    for name, dtype in PARSED_SCHEMA.items():
        if name in columns:
            data[name] = columns[name]
        elif isinstance(dtype, pl.List):
            data[name] = [[] for _ in range(n)]
        elif name == "entry_index":
            data[name] = list(range(n))
        elif name in ("fetch_id", "feed", "publisher", "feed_url"):
            data[name] = [
                {"fetch_id": "f1", "feed": "wire", "publisher": "Wire", "feed_url": "https://w.example/rss"}[
                    name
                ]
            ] * n
        else:
            data[name] = [None] * n
    return pl.DataFrame(data, schema=PARSED_SCHEMA)


def test_normalize_entries_builds_article_rows() -> None:
    parsed = _parsed(
        link=["https://W.example/a?utm_source=x#c", None, None, None],
        guid=["g1", "g2", None, None],
        title_raw=["Rafale &amp; <i>Meteor</i>", "Only a guid", "Only a title", None],
        summary_html=["<p>Body  text</p>", None, None, "orphan text"],
        published_parsed=[datetime(2026, 11, 1, tzinfo=UTC), None, None, None],
        updated_parsed=[None, datetime(2026, 11, 2, tzinfo=UTC), None, None],
        published_raw=["Sun, 01 Nov 2026 00:00:00 GMT", None, None, None],
        updated_raw=[None, "2026-11-02", None, None],
        language_raw=["EN-us", "fr", None, "xx-long"],
    )
    result = normalize_entries(parsed, FETCHED)
    assert result.schema == pl.Schema(NORMALIZED_SCHEMA)
    expected = pl.DataFrame(
        {
            "id_source": ["url", "guid", "title", "entry"],
            "canonical_url": ["https://w.example/a", None, None, None],
            "title": ["Rafale & Meteor", "Only a guid", "Only a title", None],
            "summary": ["Body text", None, None, "orphan text"],
            "published_at": [
                datetime(2026, 11, 1, tzinfo=UTC),
                datetime(2026, 11, 2, tzinfo=UTC),
                FETCHED,
                FETCHED,
            ],
            "date_source": ["published", "updated", "first_seen", "first_seen"],
            "published_raw": ["Sun, 01 Nov 2026 00:00:00 GMT", "2026-11-02", None, None],
            "language": ["en", "fr", None, "xx"],
        },
        schema={k: NORMALIZED_SCHEMA[k] for k in ("id_source", "canonical_url", "title", "summary", "published_at",
                                                    "date_source", "published_raw", "language")},
    )  # fmt: skip
    assert_frame_equal(result.select(expected.columns), expected)
    ids = result["article_id"].to_list()
    # the first 32 hex digits of the SHA-256 of "url:https://w.example/a", "guid:Wire\x1fg2" and
    # "title:Wire\x1fonly a title" (computed with sha256sum)
    assert ids[:3] == [
        "f95329d2327171db078aa39f73e16f41",
        "b54ad85a734d4787f3440532cf18e9dc",
        "e5bfeddbb8ff9d6f644db3b448bdd485",
    ]
    assert stable_id("url:https://w.example/a") == "f95329d2327171db078aa39f73e16f41"
    assert len(set(ids)) == 4


def test_same_story_under_tracking_params_casing_and_fragments_gets_one_id() -> None:
    parsed = _parsed(
        link=[
            "https://news.example/story/?utm_source=rss",
            "HTTPS://NEWS.example/story/#comments",
            "https://news.example:443/story/?fbclid=1",
        ],
        title_raw=["Story", "Story", "Story"],
    )
    result = normalize_entries(parsed, FETCHED)
    assert result["article_id"].n_unique() == 1
    assert result["canonical_url"].unique().to_list() == ["https://news.example/story/"]


def test_content_hash_changes_with_title_or_summary_only() -> None:
    parsed = _parsed(
        link=["https://a.example/1", "https://a.example/1", "https://a.example/1"],
        title_raw=["Title", "Title", "Title (updated)"],
        summary_html=["Body", "<p>Body</p>", "Body"],
    )
    hashes = normalize_entries(parsed, FETCHED)["content_hash"].to_list()
    assert hashes[0] == hashes[1]
    assert hashes[0] != hashes[2]


def test_normalize_takes_per_fetch_times() -> None:
    parsed = _parsed(link=["https://a.example/1"], title_raw=["T"])
    times = pl.DataFrame(
        {"fetch_id": ["f1"], "fetched_at": [FETCHED]},
        schema={"fetch_id": pl.String(), "fetched_at": pl.Datetime("us", "UTC")},
    )
    result = normalize_entries(parsed, times)
    assert result["fetched_at"].to_list() == [FETCHED]
    assert result["published_at"].to_list() == [FETCHED]


def test_normalize_empty_frame() -> None:
    result = normalize_entries(pl.DataFrame(schema=PARSED_SCHEMA), FETCHED)
    assert result.height == 0
    assert result.schema == pl.Schema(NORMALIZED_SCHEMA)


def test_split_duplicates_keeps_the_earliest_published_copy() -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "a", "a"],
            "feed": ["f1", "f1", "f2", "f3"],
            "published_at": [
                datetime(2026, 11, 3, tzinfo=UTC),
                datetime(2026, 11, 1, tzinfo=UTC),
                datetime(2026, 11, 2, tzinfo=UTC),
                datetime(2026, 11, 2, tzinfo=UTC),
            ],
        }
    )
    kept, duplicates = split_duplicates(articles)
    assert kept.select("article_id", "feed").rows() == [("b", "f1"), ("a", "f2")]
    assert sorted(duplicates["feed"].to_list()) == ["f1", "f3"]
    assert kept.height + duplicates.height == articles.height


def test_split_duplicates_prefers_a_dated_copy_and_keeps_the_batch_order() -> None:
    undated = None
    articles = pl.DataFrame(
        {
            "article_id": ["c", "a", "c", "b", "a"],
            "feed": ["f1", "f2", "f3", "f4", "f5"],
            "published_at": [undated, undated, datetime(2026, 11, 5, tzinfo=UTC), undated, undated],
        },
        schema={"article_id": pl.String(), "feed": pl.String(), "published_at": pl.Datetime("us", "UTC")},
    )
    kept, duplicates = split_duplicates(articles)
    assert kept["feed"].to_list() == ["f2", "f3", "f4"]  # c's dated copy; a's first copy in feed order
    assert duplicates["feed"].to_list() == ["f1", "f5"]


def test_split_duplicates_without_duplicates_returns_the_frame_itself() -> None:
    articles = pl.DataFrame(
        {"article_id": ["a", "b"], "published_at": [datetime(2026, 11, 1, tzinfo=UTC)] * 2}
    )
    kept, duplicates = split_duplicates(articles)
    assert kept is articles  # no copy of every row
    assert duplicates.height == 0
    assert duplicates.schema == articles.schema


def test_mojibake_is_repaired_and_clean_text_left_alone() -> None:
    parsed = _parsed(
        link=["https://a.example/1", "https://a.example/2"],
        title_raw=["The Pentagonâ€™s budget for CafÃ© trials", "Kyiv’s “air defence” — steady"],
    )
    titles = normalize_entries(parsed, FETCHED)["title"].to_list()
    assert titles == ["The Pentagon’s budget for Café trials", "Kyiv’s “air defence” — steady"]


def test_lead_image_from_enclosure_else_first_img_in_content() -> None:
    parsed = _parsed(
        link=["https://a.example/1", "https://a.example/2"],
        title_raw=["a", "b"],
        image_url=["https://img.example/enclosure.jpg", None],
        summary_html=[
            '<p><img src="https://img.example/ignored.jpg"></p>',
            '<p>x</p><img alt="" src="https://img.example/lead.jpg" />',
        ],
    )
    assert normalize_entries(parsed, FETCHED)["image_url"].to_list() == [
        "https://img.example/enclosure.jpg",
        "https://img.example/lead.jpg",
    ]


def test_language_declared_wins_else_detected_offline() -> None:
    parsed = _parsed(
        link=["https://a.example/1", "https://a.example/2", "https://a.example/3"],
        title_raw=[
            "Le ministère des Armées commande de nouveaux canons Caesar",
            "Армія отримала нові системи ППО",
            "tiny",
        ],
        summary_html=[
            "La livraison commencera en 2027 selon la direction générale de l'armement.",
            None,
            None,
        ],
        language_raw=["en", None, None],
        language_source=["feed", None, None],
    )
    result = normalize_entries(parsed, FETCHED).select("language", "language_source").rows()
    assert result == [("en", "feed"), ("uk", "detected"), (None, None)]
