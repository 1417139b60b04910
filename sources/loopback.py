"""A loopback HTTP server for feed files: the demo (`dnw demo`, `make run`) and the tests use it.

It is Python's own static file server bound to 127.0.0.1 on a free port, so the pipeline reaches the demo
feeds through exactly the same HTTP path as live feeds (Last-Modified and 304 included).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FEED_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
}


class QuietFeedHandler(SimpleHTTPRequestHandler):
    """Static files with feed content types and no request logging on the terminal."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **FEED_TYPES}  # noqa: RUF012

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal clean: the pipeline reports per feed itself."""


@contextmanager
def serve_directory(
    directory: Path, handler: type[SimpleHTTPRequestHandler] = QuietFeedHandler
) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    with serve_loopback(functools.partial(handler, directory=str(directory))) as base_url:
        yield base_url


@contextmanager
def serve_loopback(handler: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Run an HTTP request handler on 127.0.0.1 (or another loopback address: each is a host of its own to
    the per-host limits) on a free port in a thread; yields the base URL."""
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    thread = threading.Thread(target=server.serve_forever, name="feed-server", daemon=True)
    thread.start()
    try:
        bound, port = server.server_address[:2]
        yield f"http://{bound!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
