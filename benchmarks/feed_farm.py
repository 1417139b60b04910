"""A loopback feed farm for benchmarks: N deterministic feeds of M items (RSS 2.0 and Atom, 0.6-2 KB items
with HTML), honouring ETag / Last-Modified / 304, with rounds in which a fraction of the feeds publish new
items, and a few feeds that are slow or fail.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

from sources.loopback import serve_loopback

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
    paragraphs = [
        f"<p><strong>{country}</strong> {rng.choice(VERBS)} the {system}, {company} said.</p>",
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

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests += 1
        try:
            index = int(handler.path.strip("/").split("/")[-1].split(".")[0])
            feed = self.feeds[index]
        except (ValueError, IndexError):
            handler.send_error(404)
            return
        if index in self.failing:
            handler.send_error(500)
            return
        if index in self.slow:
            time.sleep(self.slow_seconds)
        if self.validators and (
            handler.headers.get("If-None-Match") == feed.etag
            or handler.headers.get("If-Modified-Since") == feed.modified
        ):
            handler.send_response(304)
            handler.send_header("ETag", feed.etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header(
            "Content-Type", "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
        )
        handler.send_header("Content-Length", str(len(feed.body)))
        if self.validators:
            handler.send_header("ETag", feed.etag)
            handler.send_header("Last-Modified", feed.modified)
        handler.end_headers()
        handler.wfile.write(feed.body)

    @property
    def total_bytes(self) -> int:
        """Bytes of all feed bodies."""
        return sum(len(f.body) for f in self.feeds)


@contextmanager
def serve(farm: FeedFarm, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the farm on 127.0.0.1 (or another loopback address); yields the base URL (feed i is at
    /feed/i.xml)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            farm.handle(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_loopback(Handler, host) as base_url:
        yield base_url
