"""A run's requests, asked while its process is still importing Prefect.

A `dnw run` spends its first second and more importing Prefect before its flow asks the first feed, on one
core while the other idles; a run whose feeds all answer 304 is mostly that import and its requests.
:func:`start` asks the feeds meanwhile, in a process of its own (``python -m sources.prefetch``, which
imports no Prefect): it reads the feed state from the live file (read-only, closed again before the run
opens it; not while another run holds the writer lock), plans with the run's own rules
(:func:`sources.planning.plan_fetches`) and makes each planned request with the run's own client and
exchange (:func:`sources.http.exchange`: headers, limits, timeouts, redirects, the body limit). It lands
and records nothing: each exchange comes back whole.

The flow then fetches as always, through :class:`ReplayTransport`: the fetch takes the early exchange of a
request the early process made (the same URL with the same validators) and sends any other request to the
network (a feed planned differently, a body over the limit, everything when the early process failed).
Landing, manifests, outcomes and the feed state are the flow's, as without it; a fetch's times are those of
the early request.
"""

from __future__ import annotations

import asyncio
import dataclasses
import fcntl
import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

import httpx2

from core.clock import utcnow
from core.feeds import Feed, host_of
from core.outcomes import Outcome
from core.runtime import spawn_early_process, take_early_process
from core.settings import Settings
from sources.http import (
    Answering,
    Exchange,
    Validators,
    conditional_headers,
    exchange,
    new_client,
    pool_limits,
)

Key = tuple[str, str | None, str | None]  # the feed URL asked, If-None-Match, If-Modified-Since


@dataclass(frozen=True)
class Job:
    """What the early process needs: the run's feeds, settings and flags, and its clock."""

    feeds: list[Feed]
    settings: Settings
    now: datetime
    all_feeds: bool
    refetch: bool


@dataclass(frozen=True)
class Answer:
    """The early process's exchange for one request."""

    key: Key
    exchange: Exchange


def request_key(url: str, request_headers: dict[str, str]) -> Key:
    """The key of a request: its URL and its two validators."""
    return (url, request_headers.get("If-None-Match"), request_headers.get("If-Modified-Since"))


class Prefetch:
    """The parent's side: the early process and the answers it has sent so far."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.planned: set[Key] | None = None  # None: the plan has not come yet
        self.answers: dict[Key, Answer] = {}
        self.done = False
        self.failure: str | None = None
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="dnw-prefetch", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        try:
            while stream is not None:
                record = pickle.load(stream)
                with self._changed:
                    if isinstance(record, Answer):
                        self.answers[record.key] = record
                    elif record[0] == "planned":
                        self.planned = set(record[1])
                    elif record[0] == "failed":
                        self.failure = record[1]
                    self._changed.notify_all()
        except EOFError:
            pass
        except Exception as exc:  # a broken stream: what came is used, the rest is asked by the flow
            self.failure = f"{type(exc).__name__}: {exc}"
        finally:
            with self._changed:
                self.done = True
                if self.planned is None:
                    self.planned = set()
                self._changed.notify_all()

    def wait_planned(self, timeout: float) -> None:
        """Until the early process has planned (so it has closed the live file again) or ended."""
        with self._changed:
            self._changed.wait_for(lambda: self.planned is not None, timeout)

    def answer(self, key: Key, timeout: float) -> Answer | None:
        """The early process's answer to ``key``, waiting for it while it is still asking; None: ask the
        network."""
        with self._changed:
            self._changed.wait_for(
                lambda: (
                    key in self.answers or self.done or (self.planned is not None and key not in self.planned)
                ),
                timeout,
            )
            return self.answers.pop(key, None)

    def transport(self, settings: Settings) -> ReplayTransport:
        """The transport the flow's fetch uses for this run."""
        return ReplayTransport(self, settings)

    def close(self) -> None:
        """Stop the early process if it is still asking (the run failed before its fetch) and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._reader.join(timeout=5)


class ReplayTransport(Answering):
    """Gives the flow's fetch the early process's exchanges; asks the network for anything else (through a
    transport made when first needed: its TLS context takes 20-80 ms to build, and a run whose every feed the
    early process asked never needs it)."""

    def __init__(self, prefetch: Prefetch, settings: Settings) -> None:
        self.prefetch = prefetch
        self.wait = settings.total_timeout
        self.limits = pool_limits(settings)
        self._network: httpx2.AsyncHTTPTransport | None = None
        self.replayed = 0

    @property
    def network(self) -> httpx2.AsyncHTTPTransport:
        if self._network is None:
            self._network = httpx2.AsyncHTTPTransport(limits=self.limits)
        return self._network

    async def answered(self, url: str, request_headers: dict[str, str]) -> Exchange | None:
        key = request_key(url, request_headers)
        found = self.prefetch.answers.pop(key, None)
        if found is None and not self.prefetch.done:
            found = await asyncio.to_thread(self.prefetch.answer, key, self.wait)
        if found is None:
            return None
        self.replayed += 1
        return found.exchange

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self.network.handle_async_request(request)

    async def aclose(self) -> None:
        if self._network is not None:
            await self._network.aclose()


def start(feeds: list[Feed], settings: Settings, all_feeds: bool, refetch: bool) -> Prefetch | None:
    """Hand the run's feeds to its early process (the one the command line started, else a new one); None
    when it cannot start."""
    job = Job(list(feeds), settings, utcnow(), all_feeds, refetch)
    process = take_early_process() or spawn_early_process()
    if process is None:
        return None
    try:
        assert process.stdin is not None
        process.stdin.write(pickle.dumps(job))
        process.stdin.close()
    except Exception:  # a process gone, a setting that does not pickle: the flow asks everything itself
        process.kill()
        process.wait()
        return None
    return Prefetch(process)


# The early process.


def _state(warehouse: Path) -> list[dict[str, Any]]:
    """The feed state the run will plan with (no rows: a warehouse not created yet), read with DuckDB alone
    (polars and pyarrow would double this process's start). Raises while another run holds the writer lock
    (it would change that state before this run plans) or has the file open."""
    import duckdb

    from warehouse.lock import lock_path

    lock = lock_path(warehouse)
    fd = os.open(lock, os.O_RDONLY) if lock.exists() else None
    try:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # BlockingIOError: a run is writing
        if not warehouse.exists():
            return []
        # no extension installs or loads, as every connection of the project (warehouse.db.duckdb_config)
        config: dict[str, str | bool | int | float | list[str]] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "threads": 1,
        }
        con = duckdb.connect(str(warehouse), read_only=True, config=config)
        try:
            cursor = con.execute((files("warehouse") / "sql" / "select_feed_state.sql").read_text("utf-8"))
            names = [column[0] for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            con.close()
    finally:
        if fd is not None:
            os.close(fd)


def _plan(job: Job) -> list[tuple[Feed, Key]]:
    from sources.planning import plan_fetches

    enabled = [feed for feed in job.feeds if feed.enabled]
    plan = plan_fetches(enabled, _state(job.settings.warehouse), job.now, job.all_feeds, job.refetch)
    return [
        (feed, request_key(feed.url, conditional_headers(plan.validators.get(feed.name, Validators()))))
        for feed in plan.feeds
    ]


async def _ask_all(asked: list[tuple[Feed, Key]], settings: Settings, out: IO[bytes]) -> None:
    lock = threading.Lock()
    overall = asyncio.Semaphore(settings.concurrency)
    hosts: dict[str, asyncio.Semaphore] = {}
    async with new_client(settings) as client:

        async def one(feed: Feed, key: Key) -> None:
            host = hosts.setdefault(host_of(feed.url), asyncio.Semaphore(settings.per_host_concurrency))
            async with overall, host:
                started = utcnow()
                got = await exchange(client, feed.url, request_headers(key), settings)
                got = dataclasses.replace(got, started_at=started, finished_at=utcnow())
            if got.outcome == Outcome.TOO_LARGE:
                return  # not kept: the flow asks again (and says so) rather than hold the first bytes here
            with lock:
                pickle.dump(Answer(key, got), out)
                out.flush()

        await asyncio.gather(*(one(feed, key) for feed, key in asked))


def request_headers(key: Key) -> dict[str, str]:
    """The conditional headers a key stands for."""
    return conditional_headers(Validators(etag=key[1], last_modified=key[2]))


def main() -> None:
    """The early process: a :class:`Job` on stdin, the plan and then each answer pickled on stdout."""
    out = sys.stdout.buffer
    try:
        import duckdb  # noqa: F401  (imported while the command line is still importing, before the job comes)

        import sources.planning  # noqa: F401

        job: Job = pickle.load(sys.stdin.buffer)
        asked = _plan(job)
    except Exception as exc:  # no plan: the flow fetches everything itself
        pickle.dump(("failed", f"{type(exc).__name__}: {exc}"), out)
        pickle.dump(("planned", []), out)
        out.flush()
        return
    pickle.dump(("planned", [key for _, key in asked]), out)
    out.flush()
    asyncio.run(_ask_all(asked, job.settings, out))


if __name__ == "__main__":
    from sources.prefetch import (
        main as module_main,
    )  # pickles name sources.prefetch's classes, not __main__'s

    module_main()
