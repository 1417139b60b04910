"""Fetch feeds over HTTP(S) with httpx2: conditional GET, limits, and the landing zone before anything else.

The outcome of each fetch is a :class:`core.outcomes.Outcome`; a 200 with a new body is ``FETCHED`` until the
parse says ``OK`` or ``PARSE_ERROR`` (:meth:`FetchResult.with_parse` returns that settled copy).
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx2

from core import __version__, progress
from core.clock import utcnow
from core.feeds import Feed
from core.outcomes import SUCCEEDED, Outcome
from core.settings import Settings
from sources.landing import land_body, write_bodiless_manifests, write_manifest
from transforms.shards import host_of
from warehouse import faults

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
MAX_REDIRECTS = 5


def user_agent() -> str:
    """A User-Agent that names the project, so publishers can tell who polls them."""
    return f"defense-news-warehouse/{__version__} (RSS/Atom feed reader; httpx2)"


@dataclass(frozen=True)
class Validators:
    """What we remember from the last fetch of a feed."""

    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None


@dataclass(frozen=True)
class ParseResult:
    """What parsing one landed body said about it (keyed by fetch id beside the fetches)."""

    fetch_id: str
    is_feed: bool
    entries: int = 0
    ttl_minutes: int | None = None
    error: str | None = None  # why it is not a feed, or what the parser recovered from


@dataclass(frozen=True)
class FetchResult:
    """One fetch of one feed (immutable: a parse gives a settled copy, see :meth:`with_parse`)."""

    fetch_id: str
    feed: str
    url: str
    started_at: datetime
    finished_at: datetime
    outcome: Outcome
    http_status: int | None = None
    final_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    size: int = 0
    body_sha256: str | None = None
    landing_path: str | None = None
    error: str | None = None
    entries: int = 0
    ttl_minutes: int | None = None
    permanent_redirect: str | None = None  # where a chain of 301/308 redirects ended

    @property
    def elapsed_ms(self) -> int:
        """Wall time of the fetch in milliseconds."""
        return int((self.finished_at - self.started_at).total_seconds() * 1000)

    @property
    def succeeded(self) -> bool:
        """True when the feed answered usefully (new, identical, or not modified)."""
        return self.outcome in SUCCEEDED

    def with_parse(self, parsed: ParseResult) -> FetchResult:
        """The fetch settled by its parse: OK or PARSE_ERROR, with the entry count and the feed's ttl."""
        return dataclasses.replace(
            self,
            outcome=Outcome.OK if parsed.is_feed else Outcome.PARSE_ERROR,
            error=parsed.error,
            entries=parsed.entries,
            ttl_minutes=parsed.ttl_minutes,
        )


class BodyTooLarge(Exception):
    """The body grew past the configured limit while streaming (internal: becomes Outcome.TOO_LARGE)."""


async def _read_limited(response: httpx2.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"Content-Length {declared} exceeds the {limit}-byte limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():  # decoded bytes: gzip bombs hit the limit too
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"body exceeds the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


class Fetcher:
    """Fetches many feeds concurrently within global and per-host limits."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx2.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.clock = clock
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._bodiless: list[dict[str, Any]] = []  # manifests of fetches that landed no body

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        host = host_of(url)  # the same host key the shards split feeds by
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.settings.per_host_concurrency)
        return self._hosts[host]

    async def fetch_all(
        self,
        feeds: list[Feed],
        state: Mapping[str, Validators],
        run_id: str,
        landed: Callable[[FetchResult], None] | None = None,
    ) -> list[FetchResult]:
        """Fetch every feed; one feed's failure never stops the others. ``landed`` hears of each fetch as
        soon as its body and manifest are on disk (a stream of parses, say)."""
        settings = self.settings
        timeout = httpx2.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.total_timeout,
        )
        limits = httpx2.Limits(
            max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
        )
        headers = {"User-Agent": settings.user_agent or user_agent(), "Accept": ACCEPT}
        async with httpx2.AsyncClient(
            timeout=timeout,
            limits=limits,
            headers=headers,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            transport=self.transport,
        ) as client:
            done = 0

            async def one(feed: Feed) -> FetchResult:
                nonlocal done
                result = await self._fetch_one(client, feed, state.get(feed.name, Validators()), run_id)
                if landed is not None:
                    landed(result)
                done += 1
                progress.count("feeds fetched", done, len(feeds))
                return result

            try:
                return list(await asyncio.gather(*(one(feed) for feed in feeds)))
            finally:  # also when the run is cancelled: what was fetched is recorded
                bodiless, self._bodiless = self._bodiless, []
                write_bodiless_manifests(settings.landing_dir, run_id, bodiless)

    async def _fetch_one(
        self, client: httpx2.AsyncClient, feed: Feed, validators: Validators, run_id: str
    ) -> FetchResult:
        fetch_id = uuid.uuid4().hex
        async with self._global, self._host_limit(feed.url):
            started = self.clock()
            status: int | None = None
            final_url: str | None = None
            response_headers: dict[str, str] = {}
            body: bytes | None = None
            error: str | None = None
            outcome = Outcome.FETCHED
            permanent: str | None = None
            request_headers: dict[str, str] = {}
            if validators.etag:
                request_headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                request_headers["If-Modified-Since"] = validators.last_modified
            try:
                if urlsplit(feed.url).scheme not in ("http", "https"):
                    raise httpx2.UnsupportedProtocol(f"not an http(s) URL: {feed.url}")
                async with asyncio.timeout(self.settings.total_timeout):
                    async with client.stream("GET", feed.url, headers=request_headers) as response:
                        status = response.status_code
                        final_url = str(response.url)
                        hops = [r.status_code for r in response.history]
                        if hops and all(code in (301, 308) for code in hops):
                            permanent = final_url
                        response_headers = {k.lower(): v for k, v in response.headers.items()}
                        body = await _read_limited(response, self.settings.max_body_bytes)
            except BodyTooLarge as exc:
                outcome, error = Outcome.TOO_LARGE, str(exc)
            except httpx2.TooManyRedirects:
                outcome, error = Outcome.TOO_MANY_REDIRECTS, f"more than {MAX_REDIRECTS} redirects"
            except (TimeoutError, httpx2.TimeoutException) as exc:
                outcome = Outcome.TIMEOUT
                error = f"{type(exc).__name__}: timed out" if not str(exc) else str(exc)
            except httpx2.UnsupportedProtocol as exc:
                outcome, error = Outcome.INVALID_URL, str(exc)
            except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
                outcome, error = Outcome.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"
            finished = self.clock()

        digest: str | None = None
        landing_path: str | None = None
        if body is not None:
            # Raw first: the body is on disk before anyone parses it, whatever the status. A 304 without a
            # body has nothing to land (landing its empty body made every 304 sync a file: 5 ms each).
            # Landing syncs to disk: in a thread, so that the other fetches go on meanwhile.
            if body or status != 304:
                digest, path = await asyncio.to_thread(land_body, self.settings.landing_dir, body)
                landing_path = str(path.relative_to(self.settings.landing_dir))
            if status == 304:
                outcome = Outcome.NOT_MODIFIED
            elif status is not None and not 200 <= status < 300:
                outcome, error = Outcome.HTTP_ERROR, f"HTTP {status}"
            elif validators.body_sha256 == digest:
                outcome = Outcome.UNCHANGED
        result = FetchResult(
            fetch_id=fetch_id,
            feed=feed.name,
            url=feed.url,
            started_at=started,
            finished_at=finished,
            outcome=outcome,
            http_status=status,
            final_url=final_url,
            headers=response_headers,
            size=len(body) if body is not None else 0,
            body_sha256=digest,
            landing_path=landing_path,
            error=error,
            permanent_redirect=permanent,
        )
        record = manifest(result, run_id, feed)
        if landing_path:  # synced: in a thread too
            await asyncio.to_thread(write_manifest, self.settings.landing_dir, fetch_id, started, record)
            faults.point("fetch_mid")
        else:  # nothing to replay: recorded with the batch's others when it is done
            self._bodiless.append(record)
        return result  # the body is landed: the parse reads it back from there


def manifest(result: FetchResult, run_id: str, feed: Feed) -> dict[str, Any]:
    """The JSON record of a fetch kept beside the landed bodies: enough to replay it without the network."""
    return {
        "fetch_id": result.fetch_id,
        "run_id": run_id,
        "feed": result.feed,
        "publisher": feed.publisher,
        "language": feed.language,
        "country": feed.country,
        "url": result.url,
        "final_url": result.final_url,
        "started_at": result.started_at.isoformat(),
        "finished_at": result.finished_at.isoformat(),
        "http_status": result.http_status,
        "outcome": str(result.outcome),
        "error": result.error,
        "headers": result.headers,
        "bytes": result.size,
        "body_sha256": result.body_sha256,
        "landing_path": result.landing_path,
        "permanent_redirect": result.permanent_redirect,
    }


def fetch_feeds(
    feeds: list[Feed],
    settings: Settings,
    state: Mapping[str, Validators],
    run_id: str,
    transport: httpx2.AsyncBaseTransport | None = None,
    landed: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Synchronous entry point: run the concurrent fetch to completion (``landed``: see
    :meth:`Fetcher.fetch_all`)."""
    return asyncio.run(Fetcher(settings, transport).fetch_all(feeds, state, run_id, landed))
