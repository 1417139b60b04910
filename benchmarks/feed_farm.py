"""A loopback feed farm for benchmarks: N deterministic feeds of M items (RSS 2.0 and Atom, 0.6-2 KB items
with HTML), honouring ETag / Last-Modified / 304, with rounds in which a fraction of the feeds publish new
items, and a few feeds that are slow or fail.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from http.server import BaseHTTPRequestHandler

COUNTRIES = [
    "Japan",
    "Poland",
    "Ukraine",
    "Germany",
    "Australia",
    "India",
    "Taiwan",
    "Norway",
    "Israel",
    "Brazil",
]
SYSTEMS = [
    "Patriot",
    "HIMARS",
    "F-35A",
    "Leopard 2A8",
    "K9 Thunder",
    "NASAMS",
    "CV90",
    "SM-6",
    "MQ-9B",
    "Gripen E",
]
COMPANIES = [
    "Lockheed Martin",
    "Rheinmetall",
    "Saab",
    "Hanwha Aerospace",
    "BAE Systems",
    "Thales",
    "RTX",
    "KNDS",
]
VERBS = ["orders", "receives", "tests", "upgrades", "deploys", "evaluates", "signs for", "retires"]
FILLER_TEXT = (
    "Officials said the programme remains on schedule despite supply-chain pressure on rocket motors and "
    "microelectronics, while lawmakers asked for a clearer plan for spare parts and training. Industry "
    "executives pointed to new production lines and to export interest from several allied governments. "
)
FILLER = FILLER_TEXT.split()
# who said it, by item serial: 30 of 100 with a typographic apostrophe or dash, 2 of them with a non-ASCII
# letter (the real-feed corpus: 31% of English entries hold a non-ASCII character, 1.5% a non-ASCII letter)
TYPOGRAPHIC_SOURCES = (
    ["{company}"] * 70
    + ["{company}’s spokesperson"] * 20
    + ["{company} — the prime contractor —"] * 8
    + ["{company}’s office in Zürich", "{company}’s Société subsidiary"]
)


def _paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(words))


@dataclass
class FarmItem:
    """One generated news item."""

    key: str
    title: str
    html: str
    published: datetime


def make_item(feed: int, serial: int, published: datetime) -> FarmItem:
    """A deterministic item of 0.6-2 KB."""
    rng = random.Random(f"{feed}:{serial}")
    country, system, company = rng.choice(COUNTRIES), rng.choice(SYSTEMS), rng.choice(COMPANIES)
    amount = f"${rng.randint(12, 990)}.{rng.randint(0, 9)} million"
    title = f"{country} {rng.choice(VERBS)} {system} in {amount} deal with {company}"
    # as in real feeds: about a third of English items hold a typographic apostrophe or dash, a few a
    # non-ASCII letter (both cost the regular expressions more than ASCII text does)
    source = TYPOGRAPHIC_SOURCES[serial % len(TYPOGRAPHIC_SOURCES)].format(company=company)
    paragraphs = [
        f"<p><strong>{country}</strong> {rng.choice(VERBS)} the {system}, {source} said.</p>",
        f"<p>{_paragraph(rng, rng.randint(40, 180))}</p>",
        f"<p>The contract is worth {amount}. <a href='https://farm.example/{feed}/{serial}'>More</a>.</p>",
    ]
    return FarmItem(f"{feed}-{serial}", title, "".join(paragraphs), published)


@dataclass
class FarmFeed:
    """A feed and its items, newest first."""

    index: int
    items: int
    serial: int = 0
    version: int = 0
    kind: str = "rss"
    base_time: datetime = field(default_factory=lambda: datetime(2026, 11, 1, tzinfo=UTC))
    body: bytes = b""
    etag: str = ""
    modified: str = ""

    def __post_init__(self) -> None:
        self.kind = "atom" if self.index % 3 == 0 else "rss"
        self.serial = self.items
        self.render()

    def publish(self, count: int) -> None:
        """New items at the top (the oldest fall off)."""
        self.serial += count
        self.version += 1
        self.render()

    def render(self) -> None:
        start = self.serial - self.items
        items = [
            make_item(self.index, s, self.base_time + timedelta(minutes=37 * s))
            for s in range(self.serial - 1, start - 1, -1)
        ]
        self.body = (_atom(self.index, items) if self.kind == "atom" else _rss(self.index, items)).encode(
            "utf-8"
        )
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'
        self.modified = format_datetime(self.base_time + timedelta(hours=self.version), usegmt=True)


def _rss(index: int, items: list[FarmItem]) -> str:
    entries = "".join(
        f"<item><title>{i.title}</title><link>https://farm.example/{index}/{i.key}</link>"
        f"<guid isPermaLink='false'>{i.key}</guid><pubDate>{format_datetime(i.published)}</pubDate>"
        f"<description><![CDATA[{i.html}]]></description><category>Defence</category></item>"
        for i in items
    )
    head = f"<title>Farm {index}</title><link>https://farm.example/{index}</link><language>en</language>"
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>{head}{entries}</channel></rss>"
    )


def _atom(index: int, items: list[FarmItem]) -> str:
    entries = "".join(
        f"<entry><title>{i.title}</title><link rel='alternate' href='https://farm.example/{index}/{i.key}'/>"
        f"<id>urn:farm:{i.key}</id><updated>{i.published.isoformat()}</updated>"
        f"<content type='html'><![CDATA[{i.html}]]></content><author><name>Farm desk</name></author></entry>"
        for i in items
    )
    head = f"<title>Farm {index}</title><id>urn:farm:{index}</id><updated>2026-11-01T00:00:00Z</updated>"
    return f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom' xml:lang='en'>{head}{entries}</feed>"


class FeedFarm:
    """N feeds of M items; ``advance`` makes a fraction publish; ``validators`` switches ETag/304 on or off."""

    def __init__(self, feeds: int, items: int, slow: int = 2, failing: int = 2, slow_seconds: float = 0.5):
        self.feeds = [FarmFeed(i, items) for i in range(feeds)]
        self.validators = True
        self.slow = set(range(slow))
        self.failing = set(range(slow, slow + failing))
        self.slow_seconds = slow_seconds
        self.requests = 0

    def advance(self, fraction: float, new_items: int = 3, round_seed: int = 0) -> int:
        """Let ``fraction`` of the feeds publish ``new_items`` each; returns how many changed."""
        rng = random.Random(round_seed)
        changed = rng.sample(
            range(len(self.feeds)), max(1, int(len(self.feeds) * fraction)) if fraction else 0
        )
        for index in changed:
            self.feeds[index].publish(new_items)
        return len(changed)

    def response(self, path: str, headers: Mapping[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        """(status, response headers, body) of a GET of ``path`` with these request headers (names in lower
        case); a slow feed's caller waits ``slow_seconds`` first (``is_slow``)."""
        self.requests += 1
        index = _index(path)
        if index is None or not 0 <= index < len(self.feeds):
            return 404, [], b""
        feed = self.feeds[index]
        if index in self.failing:
            return 500, [], b""
        if self.validators and (
            headers.get("if-none-match") == feed.etag or headers.get("if-modified-since") == feed.modified
        ):
            return 304, [("ETag", feed.etag)], b""
        kind = "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
        sent = [("Content-Type", kind), ("Content-Length", str(len(feed.body)))]
        if self.validators:
            sent += [("ETag", feed.etag), ("Last-Modified", feed.modified)]
        return 200, sent, feed.body

    def is_slow(self, path: str) -> bool:
        """Whether the feed at ``path`` is one of the slow ones."""
        return _index(path) in self.slow

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        """Answer a request of an http.server handler (the shard tests' servers)."""
        if self.is_slow(handler.path):
            time.sleep(self.slow_seconds)
        status, headers, body = self.response(
            handler.path, {k.lower(): v for k, v in handler.headers.items()}
        )
        if status >= 400:
            handler.send_error(status)
            return
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    @property
    def total_bytes(self) -> int:
        """Bytes of all feed bodies."""
        return sum(len(f.body) for f in self.feeds)


def _index(path: str) -> int | None:
    """The feed number in a request path (/feed/<i>.xml), or None."""
    name = path.strip("/").split("/")[-1].split(".")[0]
    return int(name) if name.isdigit() else None


@contextmanager
def serve(farm: FeedFarm, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the farm on 127.0.0.1 (or another loopback address) from an event loop in a thread; yields the
    base URL (feed i is at /feed/i.xml).

    Not http.server: its thread per connection made each of 16 concurrent conditional GETs wait for the
    others (1,000 304s: 1.06 s of wall time for 0.5 s of the client's CPU, and slower the more connections),
    a delay that no real server adds to what a user pays. Here they take the client's CPU time (0.55 s)."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    bound: list[int] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            asyncio.start_server(partial(_connection, farm), host, 0, backlog=256)
        )
        bound.append(server.sockets[0].getsockname()[1])
        ready.set()
        try:
            loop.run_forever()
        finally:
            server.close()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    thread = threading.Thread(target=run, name="feed-farm", daemon=True)
    thread.start()
    ready.wait()
    try:
        yield f"http://{host}:{bound[0]}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)


REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 500: "Internal Server Error"}


async def _connection(farm: FeedFarm, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """One keep-alive connection: GET requests (no body) answered in turn, until the client closes it."""
    try:
        while True:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            path = head[0].split(" ")[1]
            headers = {}
            for line in head[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if farm.is_slow(path):
                await asyncio.sleep(farm.slow_seconds)
            status, sent, body = farm.response(path, headers)
            if status >= 400:
                sent = [("Content-Length", "0"), ("Connection", "close")]
            lines = [f"HTTP/1.1 {status} {REASONS[status]}", *(f"{k}: {v}" for k, v in sent), "", ""]
            writer.write("\r\n".join(lines).encode("latin-1") + body)
            await writer.drain()
            if status >= 400:
                break
    except (asyncio.IncompleteReadError, ConnectionError, IndexError):
        pass
    finally:
        writer.close()
