"""Subscriptions: the feeds file edited in place (tomlkit keeps its comments and layout), and OPML in and
out for feed-reader users. What the warehouse knows of each feed is in warehouse/feeds.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import tomlkit

from core.errors import ConfigError
from core.feeds import Feed, load_feeds, parse_feeds


def _document(path: Path) -> tomlkit.TOMLDocument:
    load_feeds(path)  # validates, with the usual one-line errors
    return tomlkit.parse(path.read_text(encoding="utf-8"))


def _save(path: Path, document: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(document)
    parse_feeds(text, source=str(path))  # never write a file that would not load
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def add_feed(path: Path, feed: Feed) -> None:
    """Append a feed to the feeds file (which is created when missing)."""
    if path.exists():
        document = _document(path)
    else:
        document = tomlkit.document()
        document.add(tomlkit.comment("Feeds polled by the defense-news warehouse (`dnw feeds --help`)."))
    feeds = document.setdefault("feeds", tomlkit.aot())
    table = tomlkit.table()
    table.add("name", feed.name)
    table.add("url", feed.url)
    table.add("publisher", feed.publisher)
    if feed.language:
        table.add("language", feed.language)
    if feed.country:
        table.add("country", feed.country)
    if feed.tags:
        table.add("tags", list(feed.tags))
    if not feed.enabled:
        table.add("enabled", False)
    feeds.append(table)
    _save(path, document)


def set_enabled(path: Path, name: str, enabled: bool) -> None:
    """Enable or disable a feed in the feeds file."""
    document = _document(path)
    for table in document.get("feeds", []):
        if table.get("name") == name:
            if enabled and "enabled" in table:
                del table["enabled"]
            elif not enabled:
                table["enabled"] = False
            _save(path, document)
            return
    raise ConfigError(f"{path}: no feed named {name!r}")


@dataclass(frozen=True)
class ImportReport:
    """What an OPML import did."""

    added: list[str]
    skipped: list[str]  # already subscribed (same URL or name) or unusable


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (slug or "feed")[:60]


def import_opml(path: Path, opml: Path) -> ImportReport:
    """Subscribe to every feed of an OPML file that is not in the feeds file yet (parsed by listparser)."""
    import listparser

    try:
        text = opml.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read OPML file {opml}: {exc}") from None
    if not text.lstrip().startswith("<"):
        raise ConfigError(f"{opml}: not an OPML document")
    result = listparser.parse(text)  # a string of XML: listparser parses it, it fetches nothing
    if not result.feeds and result.bozo:
        raise ConfigError(f"{opml}: not a usable OPML file: {result.bozo_exception}")
    existing = load_feeds(path) if path.exists() else []
    urls = {f.url for f in existing}
    names = {f.name for f in existing}
    added: list[str] = []
    skipped: list[str] = []
    for entry in result.feeds:
        url = str(entry.url or "").strip()
        title = str(entry.title or "").strip() or url
        if not url.startswith(("http://", "https://")) or url in urls:
            skipped.append(f"{title} ({url or 'no url'})")
            continue
        name = _slug(title)
        suffix = 2
        while name in names:
            name, suffix = f"{_slug(title)}-{suffix}", suffix + 1
        tags = tuple(str(tag) for tag in (entry.tags or []))
        add_feed(path, Feed(name=name, url=url, publisher=title, tags=tags))
        urls.add(url)
        names.add(name)
        added.append(name)
    return ImportReport(added, skipped)


def export_opml(path: Path, opml: Path) -> int:
    """Write the feeds file as OPML 2.0; returns the number of feeds written."""
    feeds = load_feeds(path)
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "defense-news warehouse subscriptions"
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attributes = {"type": "rss", "text": feed.publisher, "title": feed.publisher, "xmlUrl": feed.url}
        if feed.tags:
            attributes["category"] = ",".join(feed.tags)
        if not feed.enabled:
            attributes["isComment"] = "true"
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    tmp = opml.with_name(f".{opml.name}.tmp")
    ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
    tmp.replace(opml)
    return len(feeds)


def feeds_frame(path: Path) -> pl.DataFrame:
    """The feeds file as a frame: feed, publisher, enabled, url."""
    return pl.DataFrame(
        [
            {"feed": f.name, "publisher": f.publisher, "enabled": f.enabled, "url": f.url}
            for f in load_feeds(path)
        ],
        schema={"feed": pl.String(), "publisher": pl.String(), "enabled": pl.Boolean(), "url": pl.String()},
    )
