"""Turn one feed payload (bytes + response headers) into one row per entry.

feedparser is given bytes and headers only, never a URL or a path, so it cannot fetch or open anything.

feedparser's own sanitizer is pure Python (an SGML parser) and took 40% of its time on typical feeds,
for every HTML element of the document: summaries, contents, titles, captions, rights, whether kept or
not. It is switched off; the two values kept, the title and the body, are sanitized with nh3 (the Python
binding of ammonia, an allowlist HTML sanitizer in Rust) when feedparser typed them as HTML, as its
sanitizer would have. The allowlist keeps the elements feedparser keeps, so the visible text is the same.

feedparser would also run every HTML body through its relative-link resolver, a second HTML parse beside the
sanitizer's: a quarter of its time on typical feeds, for bodies that mostly hold no link to resolve. It is
asked not to; the body kept (:func:`_summary_html`) goes through that same resolver only when one of its link
attributes holds something else than an absolute http(s) address.
"""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import nh3
import polars as pl
from feedparser.urls import RelativeURIResolver, resolve_relative_uris

from schemas.frames import PARSED_SCHEMA
from transforms.feedxml import read_feed
from transforms.normalize import join


@dataclass(frozen=True)
class FeedInfo:
    """What the parser learnt about the feed document as a whole."""

    version: str
    bozo: bool
    bozo_message: str | None
    title: str | None
    language: str | None
    entries: int
    ttl_minutes: int | None = None  # RSS <ttl>: how long the publisher asks readers to cache the feed

    @property
    def is_feed(self) -> bool:
        """False when the payload is not a feed at all (HTML page, empty body, garbage)."""
        return bool(self.version) or self.entries > 0


def _struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    """feedparser's *_parsed values are UTC struct_times; out-of-range values become None."""
    if value is None:
        return None
    try:  # the same instant when its fields are in range (most), without going through a timestamp
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        pass
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


BODY_TYPES = frozenset({"text/html", "application/xhtml+xml"})  # feedparser's own HTML types, as it maps them
# a link attribute feedparser's resolver rewrites whose value is not an absolute http(s) address: relative
# (resolved against the entry's base), or another scheme (kept when safe, else emptied)
_LINK_ATTRIBUTES = "|".join(sorted({attribute for _, attribute in RelativeURIResolver.relative_uris}))
# (inside a tag: scanning from each "<" is 25 times faster than trying the names at every position)
NEEDS_RESOLVING = re.compile(rf"""<[^>]*?\s(?:{_LINK_ATTRIBUTES})\s*=\s*(?!["']?https?://)""", re.IGNORECASE)


# the elements feedparser's sanitizer keeps (their text stays either way; an element dropped instead of kept
# would join the words on either side of it); script and style lose their content, as with feedparser
_SAFE_ELEMENTS_TEXT = """
a abbr acronym address area article aside audio b big blockquote br button canvas caption center
cite code col colgroup command datagrid datalist dd del details dfn dialog dir div dl dt em
event-source fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hr i img input ins
kbd keygen label legend li m map menu meter multicol nav nextid noscript ol optgroup option output p
pre progress q s samp section select small sound source spacer span strike strong sub sup table
tbody td textarea tfoot th thead time tr tt u ul var video
"""
SAFE_ELEMENTS = frozenset(_SAFE_ELEMENTS_TEXT.split())
SAFE_ATTRIBUTES = {
    "*": {"title", "lang", "dir", "align", "width", "height", "alt"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset"},
    "audio": {"src"},
    "video": {"src", "poster"},
    "source": {"src", "type"},
    "area": {"href", "shape", "coords"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}

# built once: nh3.clean() with these options rebuilds ammonia's configuration from the Python sets on every
# call, which took three quarters of its time on a 1.5 KB body (31 us against 8 us)
SANITIZER = nh3.Cleaner(tags=SAFE_ELEMENTS, attributes=SAFE_ATTRIBUTES, link_rel=None)


def _absolute(value: str | None, base: str) -> str | None:
    """``value`` resolved against ``base`` as feedparser resolves addresses (None stays None; an address
    that cannot be joined becomes empty)."""
    if value is None:
        return None
    try:
        return join(base, value)
    except ValueError:
        return ""


def _sanitized(value: str, detail: Mapping[str, Any] | None, base: str) -> str:
    """An HTML value (as feedparser typed it) with its links resolved as feedparser would have (against
    the base it recorded, itself against the document's ``base``) and sanitized; any other value as it is."""
    detail = detail or {}
    kind = str(detail.get("type") or "text/html")
    if kind not in BODY_TYPES:
        return value
    if NEEDS_RESOLVING.search(value):
        value = str(
            resolve_relative_uris(value, _absolute(str(detail.get("base") or ""), base), "utf-8", kind)
        )
    return SANITIZER.clean(value)


def _plain(entry: Mapping[str, Any]) -> dict[str, Any]:
    """feedparser's entry as a plain dict, with the two keys this module reads that feedparser derives when
    asked (``FeedParserDict``): ``enclosures`` (the links whose rel is enclosure) and ``updated`` /
    ``updated_parsed``, which fall back to the published time. Every read of a ``FeedParserDict`` goes
    through its key aliases (and a warning for that fallback): 20 us an entry."""
    plain = dict(entry)
    plain["enclosures"] = [
        link
        for link in plain.get("links") or []
        if isinstance(link, Mapping) and link.get("rel") == "enclosure"
    ]
    for updated, published in (("updated", "published"), ("updated_parsed", "published_parsed")):
        if updated not in plain and published in plain:
            plain[updated] = plain[published]
    return plain


LIST_COLUMNS = ("authors", "tags")
SEPARATOR = "\x1f"  # between the items of a list column while it is built


def string_lists(name: str, values: list[list[str]]) -> pl.Series:
    """A List(String) column built from one joined string per row: polars builds a list column from Python
    lists item by item (11 us an entry for authors and tags)."""
    joined = [SEPARATOR.join(items) if items else None for items in values]
    if any(SEPARATOR in text for text in joined if text):
        return pl.Series(name, values, dtype=pl.List(pl.String()))
    column = pl.Series(name, joined, dtype=pl.String())
    return (
        column.to_frame()
        .select(
            pl.when(pl.col(name).is_null())
            .then(pl.lit([], dtype=pl.List(pl.String())))
            .otherwise(pl.col(name).str.split(SEPARATOR))
        )
        .to_series()
    )


def _summary_html(entry: Mapping[str, Any], base: str) -> str | None:
    """The richest body the entry offers: full content when it is markup and longer than the summary.

    feedparser files a second description of an item under ``content``; in RSS that is Media RSS's
    ``<media:description>``, a photo caption, typed text/plain (Le Monde's feed: 18 of 20 items carry one, 2
    longer than the description). A body (``content:encoded``, Atom ``<content type="html">``) is markup.
    So plain-text content replaces a summary only when it repeats the summary's opening: a fuller text of
    the same article, not a caption.
    """
    summary = _text(entry.get("summary"))
    contents = entry.get("content") or []
    # feedparser answers a missing summary with the first content's value (and no summary_detail)
    detail = entry.get("summary_detail") or next((c for c in contents if c.get("value") == summary), None)
    best = summary
    for content in contents:
        value = _text(content.get("value"))
        if not value or (best is not None and len(value) <= len(best)):
            continue
        caption = summary is not None and content.get("type") not in BODY_TYPES
        if caption and summary is not None and summary.strip()[:60] not in value:
            continue
        best, detail = value, content
    return None if best is None else _sanitized(best, detail, base)


def _authors(entry: Mapping[str, Any]) -> list[str]:
    names = [_text(a.get("name")) for a in entry.get("authors") or [] if isinstance(a, Mapping)]
    found = [n.strip() for n in names if n]
    if not found and _text(entry.get("author")):
        found = [str(entry["author"]).strip()]
    return found


def _tags(entry: Mapping[str, Any]) -> list[str]:
    terms = [_text(t.get("label")) or _text(t.get("term")) for t in entry.get("tags") or []]
    return [t.strip() for t in terms if t]


def _image(entry: Mapping[str, Any]) -> str | None:
    for enclosure in entry.get("enclosures") or []:
        if str(enclosure.get("type", "")).startswith("image/") and _text(enclosure.get("href")):
            return str(enclosure["href"])
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key) or []:
            url = _text(media.get("url"))
            kind = str(media.get("medium") or media.get("type") or "image")
            if url and ("image" in kind or key == "media_thumbnail"):
                return url
    return None


def _language(
    entry: Mapping[str, Any], feed_language: str | None, source: str | None
) -> tuple[str | None, str | None]:
    """The declared language and who declared it: entry (xml:lang), feed (channel), config (feeds file)."""
    for key in ("summary_detail", "title_detail"):
        detail = entry.get(key)
        if isinstance(detail, Mapping) and _text(detail.get("language")):
            language = str(detail["language"])
            return language, ("feed" if language == feed_language and source == "feed" else "entry")
    return feed_language, source if feed_language else None


@dataclass(frozen=True)
class FeedRows:
    """The entries of one payload as columns of Python values (``PARSED_SCHEMA``'s names) and the
    document-level ``FeedInfo``: the feeds of a chunk become one frame together (:func:`entries_frame`),
    since making a frame costs about a millisecond whatever its size (a feed of 50 entries took longer to
    become a frame than to be read)."""

    columns: dict[str, list[Any]]
    info: FeedInfo

    @property
    def entries(self) -> pl.DataFrame:
        """This feed's entries alone as a frame (a chunk of feeds: :func:`entries_frame` of them all)."""
        return entries_frame([self])


INSTANT_COLUMNS = ("published_parsed", "updated_parsed")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def instants(name: str, values: list[datetime | None]) -> pl.Series:
    """A UTC Datetime column from UTC datetimes, made from their microseconds since the epoch: polars takes
    about 2.8 us a datetime (2.2 ms for a chunk's 800 entries), 0.4 us an integer. Other datetimes (naive,
    another zone) are given to polars as they are."""
    dtype = PARSED_SCHEMA[name]
    if any(
        value is not None and (not isinstance(value, datetime) or value.tzinfo is not UTC) for value in values
    ):
        return pl.Series(name, values, dtype=dtype)
    micros = [None if value is None else (value - EPOCH) // MICROSECOND for value in values]
    return pl.Series(name, micros, dtype=pl.Int64()).cast(dtype)


def entries_frame(parts: list[FeedRows]) -> pl.DataFrame:
    """The entries of ``parts``, in order, as one frame with ``PARSED_SCHEMA``."""
    columns: dict[str, list[Any]] = {
        name: [value for part in parts for value in part.columns[name]] for name in PARSED_SCHEMA
    }
    made = {name: string_lists(name, columns.pop(name)) for name in LIST_COLUMNS}
    made |= {name: instants(name, columns.pop(name)) for name in INSTANT_COLUMNS}
    frame = pl.DataFrame(columns, schema={k: v for k, v in PARSED_SCHEMA.items() if k not in made})
    return frame.with_columns(**made).select(list(PARSED_SCHEMA))


def parse_feed(
    body: bytes,
    headers: Mapping[str, str],
    *,
    fetch_id: str,
    feed: str,
    publisher: str,
    feed_url: str,
    default_language: str | None = None,
    feed_country: str | None = None,
    fast: bool = True,
) -> FeedRows:
    """Parse one payload into the columns of its entries (``.entries``: as a frame with ``PARSED_SCHEMA``) and
    the document-level ``FeedInfo``.

    ``default_language`` (from the feeds file) applies when neither the entry nor the feed declares one;
    ``feed_country`` (from the feeds file) is the publisher's country, kept on every entry. ``fast``: the
    plainest documents are read by :func:`transforms.feedxml.read_feed` (the same entries, about half the
    parse's time), the rest by feedparser; False: every document by feedparser.
    """
    response_headers = {k.lower(): v for k, v in headers.items()}
    # The feed URL is the base for relative links when the server did not say otherwise. feedparser is not
    # given it: with a base, it joins the base of every element of the document (15% of its time); the
    # few addresses kept are resolved here instead (:func:`_absolute`), with the same result.
    base = _absolute(response_headers.pop("content-location", ""), feed_url) or feed_url
    # an empty one, not none: feedparser reads an encoding from headers only when there are some (a body
    # without a Content-Type is then ISO-8859-1 unless it declares otherwise), as it did when given the base
    response_headers["content-location"] = ""
    result = (read_feed(body, response_headers) if fast else None) or feedparser.parse(
        body, response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False
    )
    channel = result.get("feed", {})
    declared = _text(channel.get("language"))
    feed_language = declared or default_language
    language_source = "feed" if declared else ("config" if default_language else None)
    rows: dict[str, list[Any]] = {name: [] for name in PARSED_SCHEMA}
    for index, parsed in enumerate(result.get("entries", [])):
        entry = _plain(parsed)
        rows["fetch_id"].append(fetch_id)
        rows["feed"].append(feed)
        rows["publisher"].append(publisher)
        rows["feed_country"].append(feed_country)
        rows["feed_url"].append(feed_url)
        rows["entry_index"].append(index)
        guid = _text(entry.get("id"))
        rows["guid"].append(_absolute(guid, base) if guid and entry.get("guidislink") else guid)
        rows["link"].append(_absolute(_text(entry.get("link")), base))
        title = _text(entry.get("title"))
        rows["title_raw"].append(
            None if title is None else _sanitized(title, entry.get("title_detail"), base)
        )
        rows["summary_html"].append(_summary_html(entry, base))
        rows["published_raw"].append(_text(entry.get("published")))
        rows["published_parsed"].append(_struct_to_datetime(entry.get("published_parsed")))
        rows["updated_raw"].append(_text(entry.get("updated")))
        rows["updated_parsed"].append(_struct_to_datetime(entry.get("updated_parsed")))
        rows["authors"].append(_authors(entry))
        rows["tags"].append(_tags(entry))
        language, source = _language(entry, feed_language, language_source)
        rows["language_raw"].append(language)
        rows["language_source"].append(source)
        rows["image_url"].append(_absolute(_image(entry), base))
    bozo_exc = result.get("bozo_exception")
    info = FeedInfo(
        version=str(result.get("version") or ""),
        bozo=bool(result.get("bozo")),
        bozo_message=f"{type(bozo_exc).__name__}: {bozo_exc}" if bozo_exc else None,
        title=_text(channel.get("title")),
        language=feed_language,
        entries=len(rows["fetch_id"]),
        ttl_minutes=int(str(channel.get("ttl")).strip())
        if str(channel.get("ttl") or "").strip().isdigit()
        else None,
    )
    return FeedRows(columns=rows, info=info)


def empty_entries() -> pl.DataFrame:
    """A frame with the parsed-entry schema and no rows."""
    return pl.DataFrame(schema=PARSED_SCHEMA)
