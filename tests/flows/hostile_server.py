"""A loopback HTTP server that misbehaves in every way a feed server can: the hostile-feed suite's peer."""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from sources.loopback import serve_loopback

Route = Callable[[BaseHTTPRequestHandler], None]


def rss(
    items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>', title: str = "Hostile"
) -> str:
    return f"{declaration}<rss version='2.0'><channel><title>{title}</title><link>https://h.example/</link>{items}</channel></rss>"


def item(
    n: int | str, title: str | None = None, extra: str = "", date: str = "Tue, 24 Nov 2026 09:00:00 +0000"
) -> str:
    title = f"Hostile story {n}" if title is None else title
    return (
        f"<item><title>{title}</title><link>https://h.example/{n}</link><guid>h-{n}</guid>"
        f"<pubDate>{date}</pubDate>{extra}</item>"
    )


def send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    headers = {"Content-Type": "application/rss+xml", "Content-Length": str(len(body)), **(headers or {})}
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if body and handler.command != "HEAD":
        handler.wfile.write(body)


def body(data: bytes | str, status: int = 200, **headers: str) -> Route:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return lambda h: send(h, status, raw, {k.replace("_", "-"): v for k, v in headers.items()})


def redirect(status: int, location: str) -> Route:
    return lambda h: send(h, status, b"", {"Location": location})


def stall(seconds: float) -> Route:
    """Headers at once, then silence."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.flush()
        time.sleep(seconds)

    return route


def drip(total_seconds: float, interval: float = 0.2) -> Route:
    """A byte every ``interval`` seconds: never a read timeout, always past the total timeout."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        started = time.monotonic()
        try:
            while time.monotonic() - started < total_seconds:
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass

    return route


def gzip_bomb(expanded_bytes: int) -> Route:
    compressed = gzip.compress(b"<" + b" " * expanded_bytes, compresslevel=9)
    return lambda h: send(h, 200, compressed, {"Content-Encoding": "gzip"})


def cut_short() -> Route:
    """Promises 5000 bytes, sends 100, closes."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "5000")
        h.end_headers()
        h.wfile.write(rss(item(1)).encode()[:100])
        h.wfile.flush()
        h.close_connection = True

    return route


@contextmanager
def hostile_server(routes: dict[str, Route]) -> Iterator[str]:
    """Serve ``routes`` (path -> behaviour) on 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            route = routes.get(self.path.split("?")[0])
            if route is None:
                send(self, 404, b"not found", {"Content-Type": "text/plain"})
            else:
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_loopback(Handler) as base_url:
        yield base_url
