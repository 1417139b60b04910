"""A fast reader for the plainest feed documents, giving the entries feedparser gives for them, or nothing.

feedparser reads a document element by element in Python (about 0.3 ms an entry: more than half of a cold
run's parse, and of the parse workers' CPU). Most feeds are well-formed RSS 2.0, RSS 1.0 or Atom 1.0 whose
items hold a handful of elements. For those, :func:`read_feed` builds the same entry dicts feedparser would
(the keys and values :mod:`transforms.parse` reads) from an lxml tree, with feedparser's own pieces: its
encoding conversion (:func:`feedparser.encodings.convert_to_utf8`), its date parser, its link joining, its
HTML guess for RSS titles, its author splitting, its repair of UTF-8 read as Latin-1 and its Windows-1252
table; entries are filled in document order as feedparser fills them (a guid, a link, a summary, a content,
a photo caption). An element feedparser has no handler for is passed over, as feedparser files it under a
key nothing reads (:func:`_skip_unknown` asks feedparser's class).

Anything else is declined (``None``) and left to feedparser: not well-formed, another format or version, an
encoding feedparser calls bozo, a DTD, ``xml:base`` except on a text element, an entry element feedparser
handles in a way not reproduced here, markup inside an element that should hold text, an attribute the reader
does not expect. The equivalence is a test (tests/transforms/test_feedxml.py): every document of the demo
feeds, the farm, the real-feed corpus and feedparser's own test corpus gives the same rows read either way,
or is declined.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.encodings import convert_to_utf8
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin
from feedparser.util import FeedParserDict
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = "http://search.yahoo.com/mrss/"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
LINK_REFERENCE = re.compile(r"&([A-Za-z0-9_]+);")
_PARSERS = threading.local()  # an lxml parser must not be used by two threads at once
looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html


class Declined(Exception):
    """The document is not one this reader reads as feedparser does."""


# feedparser's names for namespaces it knows (its own table): an element of another namespace is named with
# the document's prefix
KNOWN_NAMESPACES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
# what transforms.parse reads of an entry or a feed: an element feedparser files under one of these is not
# one to skip
READ_KEYS = frozenset({
    "id", "guidislink", "link", "links", "title", "title_detail", "summary", "summary_detail", "content",
    "published", "published_parsed", "updated", "updated_parsed", "authors", "author", "author_detail",
    "tags", "media_content", "media_thumbnail", "enclosures", "language", "ttl", "version", "bozo",
})  # fmt: skip


# elements of a channel or feed that feedparser reads into the feed's own keys (dates, rights, publisher,
# subjects, podcast details), none of them a title, language or ttl, and that change nothing of the entries
FEED_HARMLESS = re.compile(
    r"^(?:dc_(?:date|rights|publisher|creator|subject|description)|dcterms_(?:modified|created|issued)"
    r"|itunes_(?:subtitle|summary|author|explicit|image|category|type|keywords|block|complete|new-feed-url)"
    r"|feedburner_\w+|cloud)$"
)


def _skip_unknown(element: Any, feed_level: bool = False, nested: bool = False) -> None:
    """Pass over an element feedparser has no handler for (it files its text or its attributes under a key
    of its own, which nothing here reads), or, at the feed level, one of FEED_HARMLESS; decline any other
    one it handles, or one holding elements of its own."""
    namespace, local = _local(element.tag)
    prefix = (KNOWN_NAMESPACES.get(namespace.lower(), element.prefix) or "") if namespace else ""
    name = f"{prefix}_{local.lower()}" if prefix else local.lower()
    if len(element) and not nested:
        raise Declined(f"element {name} holding elements")
    if feed_level and FEED_HARMLESS.match(name):
        return
    if hasattr(_FeedParserMixin, f"_start_{name}") or hasattr(_FeedParserMixin, f"_end_{name}"):
        raise Declined(f"element {name}, which feedparser reads")
    if name in READ_KEYS:
        raise Declined(f"element {name}")


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an lxml tag."""
    if tag[0] == "{":
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _text_of(element: Any) -> str:
    """An element's text: it must hold no element, comment or processing instruction."""
    if len(element):
        raise Declined("markup inside a text element")
    return element.text or ""


def _joined(uri: str) -> str:
    """feedparser's ``_urljoin("", uri)``: with no base, urljoin gives ``uri`` back, and its fixer only
    removes the slashes after a scheme's "://", so an address without ":///" is returned as it is."""
    return _urljoin("", uri) if ":///" in uri else uri


def _finish(raw: str, *, uri: bool = False) -> str:
    """What feedparser keeps of an element's text (``_FeedParserMixin.pop`` with the strict parser, UTF-8):
    stripped, joined as an address when it is one, UTF-8 read as Latin-1 repaired, C1 controls mapped as
    Windows-1252."""
    output = raw.strip()
    if uri and output:
        output = _joined(output)
    if output.isascii():  # nothing to repair or map (most values)
        return output
    try:  # noqa: SIM105 (a hot path: five times an entry; contextlib.suppress costs a context manager each)
        output = output.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return output.translate(_cp1252)


def _content_type(value: str | None, default: str) -> str:
    kind = (value or default).lower()
    return {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(kind, kind)


def _attributes(element: Any, allowed: frozenset[str]) -> dict[str, str]:
    """The element's attributes as feedparser names them (lower case; ``rel`` and ``type`` values lower
    case too); any other than ``allowed`` declines."""
    found: dict[str, str] = {}
    for key, value in element.attrib.items():
        if key in (XML_LANG, XML_BASE):  # read where they apply; xml:base declined where it would matter
            continue
        name = key.lower()
        if name not in allowed:
            raise Declined(f"attribute {key}")
        found[name] = value.lower() if name in ("rel", "type") else value
    return found


class _Context:
    """What feedparser's author splitting asks of its parser: the dict being filled."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def _get_context(self) -> dict[str, Any]:
        return self.data


class _Entry:
    """One entry being filled in document order, as feedparser fills it."""

    def __init__(self, atom: bool) -> None:
        self.atom = atom
        self.data: dict[str, Any] = {}
        self.has_content = False
        self.titled = False

    def detail(self, kind: str, language: str | None, value: str, element: Any) -> dict[str, Any]:
        """feedparser's description of a text value: its type, language and base (``xml:base`` on the
        element itself, joined to the document's empty base)."""
        base = element.get(XML_BASE)
        return {
            "type": kind,
            "language": language,
            "base": "" if base is None else _joined(base),
            "value": value,
        }

    def _typed(self, element: Any, typed: bool, default: str) -> tuple[str, str]:
        """(type, value) of a text element as feedparser reads it: its ``type`` attribute when it may have
        one (else ``default``), text or HTML only; in RSS a text value that looks like HTML is HTML."""
        attrs = _attributes(element, frozenset({"type"}) if typed else frozenset())
        kind = _content_type(attrs.get("type"), default)
        if kind not in ("text/plain", "text/html"):
            raise Declined(f"{element.tag} of type {kind}")
        value = _finish(_text_of(element))
        if (
            not self.atom
            and kind == "text/plain"
            and looks_like_html(element.text.strip() if element.text else "")
        ):
            kind = "text/html"
        return kind, value

    def title(self, element: Any, language: str | None) -> None:
        if self.titled:
            raise Declined("second title")
        kind, value = self._typed(element, self.atom, "text/plain")
        self.data["title"] = value
        self.data["title_detail"] = self.detail(kind, language, value, element)
        self.titled = bool(value)

    def summary(self, element: Any, language: str | None, default: str) -> None:
        if "summary" in self.data and not self.has_content:
            raise Declined("a second summary, which feedparser files as content")
        if "summary_detail" in self.data:
            raise Declined("second summary")
        kind, value = self._typed(element, True, default)
        self.data["summary"] = value
        self.data["summary_detail"] = self.detail(kind, language, value, element)

    def content(self, element: Any, language: str | None, default: str, caption: bool = False) -> None:
        self.has_content = True
        kind, value = self._typed(element, self.atom or caption, default)
        self.data.setdefault("content", []).append(self.detail(kind, language, value, element))
        self.data.setdefault("summary", value)

    def caption(self, element: Any, language: str | None) -> None:
        """A media:description, which feedparser reads as a description: after the entry's summary and
        before any body it is filed as content (text by default), the Le Monde caption of
        transforms.parse._summary_html. Any other position is declined."""
        if "summary" not in self.data or self.has_content or self.atom:
            raise Declined("a caption that feedparser would file otherwise")
        language = language.replace("_", "-") if language else language
        self.content(element, language, "text/plain", caption=True)

    def rss_link(self, element: Any) -> None:
        _attributes(element, frozenset())
        links = self.data.setdefault("links", [])
        links.append({"rel": "alternate", "type": "text/html"})
        output = _finish(_text_of(element), uri=True)
        output = LINK_REFERENCE.sub(r"&\g<1>", output.replace("&amp;", "&"))
        self.data["link"] = output
        if output:
            links[-1]["href"] = output

    def atom_link(self, element: Any) -> None:
        attrs = _attributes(element, frozenset({"rel", "type", "href", "title", "hreflang", "length"}))
        if len(element) or (element.text or "").strip() or "href" not in attrs:
            raise Declined("link without an address")
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        attrs["href"] = _joined(attrs["href"])
        self.data.setdefault("links", []).append(attrs)
        if attrs["rel"] == "alternate" and _content_type(attrs["type"], "") in (
            "text/html",
            "application/xhtml+xml",
        ):
            self.data["link"] = attrs["href"]

    def guid(self, element: Any) -> None:
        attrs = _attributes(element, frozenset() if self.atom else frozenset({"ispermalink"}))
        is_link = attrs.get("ispermalink", "true") == "true"
        value = _finish(_text_of(element), uri=is_link)
        if "id" in self.data:
            raise Declined("second id")
        self.data["id"] = value
        self.data.setdefault("guidislink", is_link and "link" not in self.data)
        if is_link:
            self.data.setdefault("link", value)

    def date(self, element: Any, key: str) -> None:
        _attributes(element, frozenset())
        if key in self.data:
            raise Declined(f"second {key}")
        value = _finish(_text_of(element))
        self.data[key] = value
        self.data[f"{key}_parsed"] = _parse_date(value)

    def category(self, element: Any) -> None:
        attrs = _attributes(element, frozenset({"term", "scheme", "label", "domain"}))
        tags = self.data.setdefault("tags", [])
        scheme = attrs.get("scheme", attrs.get("domain"))
        self._tag(attrs.get("term"), scheme, attrs.get("label"))
        value = _finish(_text_of(element))
        if not value:
            return
        if tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        else:
            self._tag(value, None, None)

    def _tag(self, term: str | None, scheme: str | None, label: str | None) -> None:
        tags = self.data.setdefault("tags", [])
        if not term and not scheme and not label:
            return
        tag = {"term": term, "scheme": scheme, "label": label}
        if tag not in tags:
            tags.append(tag)

    def comma_tags(self, element: Any) -> None:
        _attributes(element, frozenset())
        for term in _finish(_text_of(element)).split(","):
            self._tag(term.strip(), None, None)

    def enclosure(self, element: Any) -> None:
        attrs = _attributes(element, frozenset({"url", "type", "length"}))
        if len(element) or (element.text or "").strip():
            raise Declined("enclosure with content")
        if attrs.get("url"):
            attrs["href"] = attrs.pop("url")
        attrs["rel"] = "enclosure"
        self.data.setdefault("links", []).append(attrs)

    def rss_author(self, element: Any) -> None:
        """An author as text ("Jane Doe", "jane@example.com (Jane Doe)"), split by feedparser's own code."""
        _attributes(element, frozenset())
        self.data.setdefault("authors", []).append(FeedParserDict())
        self.data["author"] = _finish(_text_of(element))
        _FeedParserMixin._sync_author_detail(_Context(self.data))

    def atom_author(self, element: Any) -> None:
        _attributes(element, frozenset())
        name = None
        for child, namespace, local in _elements(element):
            if namespace != ATOM or local not in ("name", "email", "uri") or len(child):
                raise Declined("author child")
            if local == "name":
                if name is not None:
                    raise Declined("second author name")
                name = (child.text or "").strip()
        if (element.text or "").strip() or not name:
            raise Declined("author without a name")
        self.data.setdefault("authors", []).append({"name": name})
        self.data["author"] = name

    def media(self, element: Any, local: str, language: str | None) -> None:
        attrs = _attributes(element, frozenset({"url", "type", "medium", "width", "height", "filesize",
                                                "duration", "bitrate", "framerate", "samplingrate",
                                                "channels", "expression", "isdefault", "lang"}))  # fmt: skip
        if len(element) and local != "content":
            raise Declined("media element with children")
        if local == "content":
            if (element.text or "").strip():
                raise Declined("media:content with text")
            self.data.setdefault("media_content", []).append(attrs)
            for child, namespace, name in _elements(element):  # a photo's credit and caption
                if namespace != MEDIA or name not in ("credit", "description") or len(child):
                    raise Declined("media:content child")
                if name == "credit":  # filed apart (media_credit, credit): nothing read here
                    _attributes(child, frozenset({"scheme", "role"}))
                else:
                    self.caption(child, _language(child, language))
        else:
            self.data.setdefault("media_thumbnail", []).append(attrs)
            url = _finish(element.text or "", uri=True)
            if url.strip() and "url" not in attrs:
                attrs["url"] = url


def _language(element: Any, parent: str | None) -> str | None:
    lang = element.get(XML_LANG, element.get("lang"))
    if lang == "":
        return None
    return parent if lang is None else lang


def _entry(item: Any, atom: bool, parent_language: str | None, plain: str = "") -> dict[str, Any]:
    """One item or entry; ``plain`` is the namespace of RSS's own elements (none in RSS 2.0, RSS 1.0's)."""
    entry = _Entry(atom)
    if item.get(XML_BASE) is not None:
        raise Declined("xml:base")
    item_language = _language(item, parent_language)
    about = item.get(f"{{{RDF}}}about")
    if plain and about:
        entry.data["id"] = about  # RSS 1.0: the item's rdf:about, as feedparser takes it
    _attributes(item, frozenset({f"{{{RDF}}}about".lower()}) if plain else frozenset())
    for child in item:
        if not isinstance(child.tag, str):
            continue  # a comment between elements
        if child.get(XML_BASE) is not None and _local(child.tag)[1] not in TEXT_ELEMENTS:
            raise Declined("xml:base")  # on a text element it is only the base its detail records
        language = _language(child, item_language)
        language = language.replace("_", "-") if language else language
        namespace, local = _local(child.tag)
        if atom and namespace == ATOM:
            if local == "title":
                entry.title(child, language)
            elif local == "link":
                entry.atom_link(child)
            elif local == "id":
                entry.guid(child)
            elif local in ("updated", "published"):
                entry.date(child, local)
            elif local == "summary":
                entry.summary(child, language, "text/plain")
            elif local == "content":
                if child.get("src") is not None:
                    raise Declined("content by reference")
                entry.content(child, language, "text/plain")
            elif local == "author":
                entry.atom_author(child)
            elif local == "category":
                entry.category(child)
            else:
                _skip_unknown(child)
        elif not atom and namespace == plain and local.lower() in ("author", "tags"):
            # feedparser lower-cases every name: <Author> is an author, <Tags> a comma-separated list
            if local.lower() == "author":
                entry.rss_author(child)
            else:
                entry.comma_tags(child)
        elif not atom and namespace == ATOM and local == "author":
            entry.atom_author(child)
        elif not atom and namespace == plain:
            if local == "title":
                entry.title(child, language)
            elif local == "link":
                entry.rss_link(child)
            elif local == "description":
                entry.summary(child, language, "text/html")
            elif local == "pubDate":
                entry.date(child, "published")
            elif local == "guid":
                entry.guid(child)
            elif local == "category":
                entry.category(child)
            elif local == "enclosure":
                entry.enclosure(child)
            elif local == "comments":
                _attributes(child, frozenset())
                _text_of(child)
            else:
                _skip_unknown(child)
        elif namespace == DC and local == "language":
            _attributes(child, frozenset())  # an entry's own language element: feedparser keeps it apart,
            _text_of(child)  # and the xml:lang scope, which the details record, is back when it ends
        elif not atom and namespace == DC and local in ("creator", "date", "subject"):
            if local == "creator":
                entry.rss_author(child)
            elif local == "subject":
                entry.category(child)
            else:
                entry.date(child, "updated")
        elif not atom and namespace == CONTENT and local == "encoded":
            entry.content(child, language, "text/html")
        elif namespace == MEDIA and local in ("content", "thumbnail"):
            entry.media(child, local, language)
        else:
            _skip_unknown(child)
    return entry.data


TEXT_ELEMENTS = frozenset({"title", "summary", "content", "description", "encoded"})
CHANNEL_KEEPS = frozenset({"title", "link", "description", "language", "ttl", "lastBuildDate", "pubDate",
                           "generator", "copyright", "managingEditor", "webMaster", "docs", "category",
                           "image"})  # fmt: skip
CHANNEL_NAMESPACES = frozenset({ATOM, "http://purl.org/rss/1.0/modules/syndication/"})
FEED_KEEPS = frozenset({"title", "subtitle", "id", "updated", "link", "author", "generator", "rights", "icon",
                        "logo", "category"})  # fmt: skip


def read_feed(body: bytes, headers: Mapping[str, str]) -> dict[str, Any] | None:
    """feedparser's result for ``body`` (``version``, ``feed`` with its title, language and ttl, ``entries``,
    ``bozo``), or None when the document is not one this reader reads the same way."""
    try:
        return _read(body, headers)
    except Exception:  # Declined, not well-formed, or anything unforeseen: feedparser reads it
        return None


def _read(body: bytes, headers: Mapping[str, str]) -> dict[str, Any] | None:
    result: dict[str, Any] = {"bozo": False, "headers": dict(headers)}
    data = convert_to_utf8(result["headers"], body, result)
    if result.get("bozo") or not result.get("encoding"):
        return None
    head = data[:1024].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        return None
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
        )
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype or root.get(XML_BASE) is not None:
        return None
    namespace, local = _local(root.tag) if isinstance(root.tag, str) else ("", "")
    base_language = headers.get("content-language") or None
    language = _language(root, base_language)
    feed: dict[str, Any] = {}
    if base_language:
        feed["language"] = base_language.replace("_", "-")
    declared = set(root.nsmap.values())
    if namespace == RDF and local == "RDF" and RSS1 in declared and not declared & {ATOM, RSS090}:
        return _rdf(root, feed, language)  # its xml:lang is no feed language to feedparser ("rdf:rdf")
    if language:
        feed["language"] = language.replace("_", "-")
    if declared & {RSS1, RSS090}:
        return None  # feedparser would take the version from the namespace
    if namespace == "" and local == "rss" and root.get("version", "").startswith("2."):
        return _rss(root, feed, language)
    if namespace == ATOM and local == "feed" and root.get("version") is None:
        return _atom(root, feed, language)
    return None


def _elements(parent: Any) -> Iterator[tuple[Any, str, str]]:
    """(element, namespace, local name) of an element's children, comments skipped; an xml:base there
    would change the base of everything inside: declined."""
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        if child.get(XML_BASE) is not None:
            raise Declined("xml:base")
        yield (child, *_local(child.tag))


def _rss(root: Any, feed: dict[str, Any], language: str | None) -> dict[str, Any]:
    channels = [child for child in root if isinstance(child.tag, str)]
    if len(channels) != 1 or channels[0].tag != "channel":
        raise Declined("not one channel")
    entries: list[dict[str, Any]] = []
    _channel(channels[0], feed, language, "", entries)
    return {"bozo": False, "version": "rss20", "feed": feed, "entries": entries}


def _rdf(root: Any, feed: dict[str, Any], language: str | None) -> dict[str, Any]:
    """RSS 1.0: a channel, then items beside it (and an image or a text input)."""
    entries: list[dict[str, Any]] = []
    channels = 0
    for child, namespace, local in _elements(root):
        if namespace == RSS1 and local == "item":
            entries.append(_entry(child, False, language, RSS1))
        elif namespace == RSS1 and local == "channel":
            channels += 1
            if channels > 1 or entries:
                raise Declined("a channel after items")
            _channel(child, feed, language, RSS1, None)
        elif namespace == RSS1 and local == "image":
            _image(child)
        else:
            _skip_unknown(child, feed_level=True)
    return {"bozo": False, "version": "rss10", "feed": feed, "entries": entries}


IMAGE_PARTS = frozenset({"title", "url", "link", "width", "height", "description"})


def _image(element: Any) -> None:
    """A feed's image (title, url, link): feedparser files it in the feed's image, away from the entries."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        namespace, local = _local(child.tag)
        if namespace != _local(element.tag)[0] or local not in IMAGE_PARTS or len(child):
            raise Declined("image child")


def _channel(
    channel: Any, feed: dict[str, Any], language: str | None, plain: str, entries: list[dict[str, Any]] | None
) -> None:
    """The feed's title, language and ttl from a channel, and (RSS 2.0, ``entries`` given) its items."""
    if channel.get(XML_BASE) is not None:
        raise Declined("xml:base")
    channel_language = _language(channel, language)
    titles = 0
    seen_items = False
    for child, namespace, local in _elements(channel):
        tag = local if namespace == plain else None  # RSS's own elements (in RSS 1.0's namespace there)
        if tag == "item" and entries is not None:
            entries.append(_entry(child, False, channel_language, plain))
            seen_items = True
        elif namespace in CHANNEL_NAMESPACES and (namespace, local) != (ATOM, "title"):
            continue  # atom:link rel="self", the syndication module's update period: nothing of an entry
        elif child.tag == f"{{{DC}}}language":
            if seen_items:
                raise Declined("channel language after an item")
            feed["language"] = _finish(_text_of(child))
        elif plain and tag == "items":
            for part in child.iter():
                if isinstance(part.tag, str) and part is not child:
                    _skip_unknown(part, feed_level=True, nested=True)
        elif tag == "image":
            _image(child)
        elif tag is None or tag not in CHANNEL_KEEPS:
            _skip_unknown(child, feed_level=True)
        elif seen_items and tag in ("title", "language", "ttl"):
            raise Declined("channel title after an item")
        elif tag == "title":
            titles += 1
            feed["title"] = _finish(_text_of(child))
        elif tag in ("language", "ttl"):
            feed[tag] = _finish(_text_of(child))
    if titles > 1:
        raise Declined("second channel title")


def _atom(root: Any, feed: dict[str, Any], language: str | None) -> dict[str, Any]:
    entries = []
    titles = 0
    for child, namespace, local in _elements(root):
        if local == "entry" and namespace == ATOM:
            entries.append(_entry(child, True, language))
        elif namespace != ATOM or local not in FEED_KEEPS:
            _skip_unknown(child, feed_level=True)
        elif entries and local == "title":
            raise Declined("feed title after an entry")
        elif local == "title":
            titles += 1
            if _content_type(child.get("type"), "text") not in ("text/plain", "text/html"):
                raise Declined("feed title type")
            feed["title"] = _finish(_text_of(child))
    if titles > 1:
        raise Declined("second feed title")
    return {"bozo": False, "version": "atom10", "feed": feed, "entries": entries}
