"""Fetch feeds over HTTP(S) with httpx2: conditional GET, limits, and the landing zone before anything else.

The outcome of each fetch is a :class:`core.outcomes.Outcome`; a 200 with a new body is ``FETCHED`` until the
parse says ``OK`` or ``PARSE_ERROR`` (:meth:`FetchResult.with_parse` returns that settled copy).
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx2

from core import __version__, progress
from core.clock import utcnow
from core.feeds import Feed, host_of
from core.outcomes import SUCCEEDED, Outcome
from core.settings import Settings
from sources.landing import LandingLog, land_body, write_bodiless_manifests
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


@dataclass(frozen=True)
class Exchange:
    """What one GET of a feed brought: the response, or the outcome and error that stopped it."""

    status: int | None = None
    final_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None  # decoded, within the body limit
    outcome: Outcome = Outcome.FETCHED
    error: str | None = None
    permanent: str | None = None  # where a chain of 301/308 redirects ended
    started_at: datetime | None = None  # set when the exchange happened before the fetch asked for it
    finished_at: datetime | None = None


def pool_limits(settings: Settings) -> httpx2.Limits:
    """A run's connection pool: as many connections, kept alive, as requests at once."""
    return httpx2.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)


def new_client(settings: Settings, transport: httpx2.AsyncBaseTransport | None = None) -> httpx2.AsyncClient:
    """The HTTP client of a run's fetch: timeouts, pool limits, headers, redirects."""
    timeout = httpx2.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.total_timeout,
    )
    headers = {"User-Agent": settings.user_agent or user_agent(), "Accept": ACCEPT}
    return httpx2.AsyncClient(
        timeout=timeout,
        limits=pool_limits(settings),
        headers=headers,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        transport=transport,
    )


def conditional_headers(validators: Validators) -> dict[str, str]:
    """The validators of the last fetch as request headers."""
    headers: dict[str, str] = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


async def exchange(
    client: httpx2.AsyncClient, url: str, request_headers: dict[str, str], settings: Settings
) -> Exchange:
    """GET ``url``: the response's status, final URL, headers and body, or the outcome that stopped it."""
    status: int | None = None
    final_url: str | None = None
    response_headers: dict[str, str] = {}
    body: bytes | None = None
    permanent: str | None = None
    try:
        if urlsplit(url).scheme not in ("http", "https"):
            raise httpx2.UnsupportedProtocol(f"not an http(s) URL: {url}")
        async with asyncio.timeout(settings.total_timeout):
            async with client.stream("GET", url, headers=request_headers) as response:
                status = response.status_code
                final_url = str(response.url)
                hops = [r.status_code for r in response.history]
                if hops and all(code in (301, 308) for code in hops):
                    permanent = final_url
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                body = await _read_limited(response, settings.max_body_bytes)
    except BodyTooLarge as exc:
        return Exchange(status, final_url, response_headers, None, Outcome.TOO_LARGE, str(exc), permanent)
    except httpx2.TooManyRedirects:
        return Exchange(outcome=Outcome.TOO_MANY_REDIRECTS, error=f"more than {MAX_REDIRECTS} redirects")
    except (TimeoutError, httpx2.TimeoutException) as exc:
        error = f"{type(exc).__name__}: timed out" if not str(exc) else str(exc)
        return Exchange(status, final_url, response_headers, None, Outcome.TIMEOUT, error, permanent)
    except httpx2.UnsupportedProtocol as exc:
        return Exchange(outcome=Outcome.INVALID_URL, error=str(exc))
    except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
        error = f"{type(exc).__name__}: {exc}"
        return Exchange(status, final_url, response_headers, None, Outcome.NETWORK_ERROR, error, permanent)
    return Exchange(status, final_url, response_headers, body, Outcome.FETCHED, None, permanent)


class Answering(httpx2.AsyncBaseTransport):
    """A transport that may hold a request's whole exchange already (sources/prefetch.py: asked before the
    run's process had imported Prefect); :meth:`answered` None: the fetch asks through the transport."""

    async def answered(self, url: str, request_headers: dict[str, str]) -> Exchange | None:
        raise NotImplementedError


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
        self._landing: LandingLog | None = None  # the run's pack and manifest log, during fetch_all

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
        self._landing = LandingLog(settings.landing_dir, run_id, f"{self.clock():%Y-%m-%d}")
        async with new_client(settings, self.transport) as client:
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
                self._landing.close()
                write_bodiless_manifests(settings.landing_dir, run_id, bodiless)

    async def _fetch_one(
        self, client: httpx2.AsyncClient, feed: Feed, validators: Validators, run_id: str
    ) -> FetchResult:
        fetch_id = uuid.uuid4().hex
        request_headers = conditional_headers(validators)
        early = self.transport.answered if isinstance(self.transport, Answering) else None
        async with self._global, self._host_limit(feed.url):
            started = self.clock()
            got = await early(feed.url, request_headers) if early is not None else None
            if got is None:
                got = await exchange(client, feed.url, request_headers, self.settings)
            finished = self.clock()
        started, finished = got.started_at or started, got.finished_at or finished
        status, body, outcome, error = got.status, got.body, got.outcome, got.error

        digest: str | None = None
        landing_path: str | None = None
        if body is not None:
            # Raw first: the body is on disk before anyone parses it, whatever the status. A 304 without a
            # body has nothing to land (landing its empty body made every 304 sync a file: 5 ms each).
            # Landing syncs to disk: in a thread, so that the other fetches go on meanwhile.
            if body or status != 304:
                digest, landing_path = await asyncio.to_thread(self._land, body, validators.body_sha256)
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
            final_url=got.final_url,
            headers=got.headers,
            size=len(body) if body is not None else 0,
            body_sha256=digest,
            landing_path=landing_path,
            error=error,
            permanent_redirect=got.permanent,
        )
        record = manifest(result, run_id, feed)
        if landing_path:  # synced: in a thread too
            assert self._landing is not None
            await asyncio.to_thread(self._landing.record, record)
            faults.point("fetch_mid")
        else:  # nothing to replay: recorded with the batch's others when it is done
            self._bodiless.append(record)
        return result  # the body is landed: the parse reads it back from there

    def _land(self, body: bytes, last_sha256: str | None) -> tuple[str, str]:
        """Land a body: appended to the run's pack, or, when the feed sent the same bytes as last time, as a
        file of its own named by its hash (written once, however many runs fetch it unchanged)."""
        assert self._landing is not None
        digest = hashlib.sha256(body).hexdigest()
        if digest != last_sha256:
            return self._landing.land(body, digest)
        _, path = land_body(self.settings.landing_dir, body, digest)
        return digest, str(path.relative_to(self.settings.landing_dir))


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
