"""A loopback feed that publishes three new items every time it is fetched (and rolls old ones off).

The crash and server tests need a feed whose content changes between runs, like a busy publisher's: request
n returns items 3n-5 .. 3n (the newest six), so an item is in at most two consecutive bodies and a payload
that is landed but never loaded would lose items for good.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any

from sources.loopback import serve_loopback

WINDOW = 6
PER_FETCH = 3
TOPICS = (
    "Poland orders more K2 tanks from Hyundai Rotem",
    "Japan tests the Type 12 missile off Hokkaido",
    "Australia signs for additional Boeing P-8A Poseidon aircraft",
    "Norway receives its last F-35A from Lockheed Martin",
    "India fields the BrahMos on a new frigate",
    "Germany funds IRIS-T SLM batteries for Ukraine",
)


def rss(name: str, numbers: range) -> bytes:
    items = "".join(
        f"<item><title>{TOPICS[n % len(TOPICS)]} (update {n})</title>"
        f"<link>https://{name}.example/news/{n}</link><guid>{name}-{n}</guid>"
        f"<description>Update number {n} from the {name} desk: officials said the contract is worth "
        f"$1{n} million.</description><pubDate>Wed, 25 Nov 2026 {n % 24:02d}:00:00 +0000</pubDate></item>"
        for n in numbers
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>https://{name}.example/</link><language>en</language>{items}</channel></rss>"
    ).encode()


@contextmanager
def growing_feeds() -> Iterator[tuple[str, dict[str, int]]]:
    """Serve /<name>.xml for any name; yields (base URL, requests served per name)."""
    served: dict[str, int] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.strip("/").removesuffix(".xml")
            with lock:
                served[name] = served.get(name, 0) + 1
                n = served[name]
            newest = PER_FETCH * n
            body = rss(name, range(max(1, newest - WINDOW + 1), newest + 1))
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serve_loopback(Handler) as base_url:
        yield base_url, served
