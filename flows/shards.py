"""Scale-out: the due feeds of a run fetched and parsed by shard flow runs, loaded by the one writer.

The ingest flow (flows/ingest.py) stays the only writer: it holds the warehouse's writer lock and marks its
run pending before any shard starts. With ``settings.shards`` > 1 or a ``settings.work_pool`` it splits the
planned feeds by host (transforms/shards.py: a host's feeds stay in one shard, so per-host politeness holds
across workers) and runs one ``dnw-shard`` flow run per shard:

* with a work pool: as runs of the ``dnw-shard/shard`` deployment on that pool (created or updated by the
  run itself), picked up by `prefect worker start --pool ...` on any machine that reaches the same data dir
  at the same path;
* without one: one after another in the ingest run's own process (same files, same loader path; no speed-up).

A shard fetches and lands its feeds exactly as a single-process run does (its own pack and manifest log,
under the parent's run id), parses them, normalizes every entry, and stages the parsed entries, the
normalized rows, its fetches and the parse results in ``landing/shards/<run_id>/`` (sources/shards.py).
Parsing is where the CPU goes (feedparser is pure Python) and normalizing works row by row, so both move to
the workers. The checks and validation judge the whole batch (a share of unreadable dates, duplicates across
feeds, a feed's volume against its history in the warehouse), so they, the extraction that follows them and
the load stay with the writer, which runs the same stages as a single-process run, once, in one transaction
(keeping the normalized rows of the entries that pass its checks).

Dead shards: each submission carries a fresh attempt token, and the loader only reads the staged results of
the attempt whose flow run completed. A shard run that ends Failed or Crashed (the worker saw its process
die) is submitted again; one whose process vanished with its worker (machine lost, worker SIGKILLed) stays
Running (or Pending) in Prefect's eyes, but its heartbeat file stops changing: after ``settings.shard_stall``
seconds the parent sets that run Crashed and submits the shard again, so another worker takes it. Whatever
the dead attempt landed stays landed; its fetches were never staged, so they are never loaded by this run,
and the pending-run recovery (flows/recovery.py) keeps only the latest fetch of each feed of a run, so they
are not loaded after a loader crash either: each fetch id reaches ops.fetch_log at most once.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import polars as pl

from core.feeds import Feed
from core.settings import Settings, resolve_settings, settings_env
from flows.parameters import flow
from flows.tasks import fetch_task, parse_task, unvisited
from schemas.frames import NORMALIZED_SCHEMA, PARSED_SCHEMA
from sources.http import FetchResult, ParseResult, Validators, manifest
from sources.shards import ShardOutput, read_beat, read_shard_output, write_beat, write_shard_output
from transforms.shards import split_by_host

logger = logging.getLogger(__name__)

SHARD_FLOW = "dnw-shard"
SHARD_DEPLOYMENT = f"{SHARD_FLOW}/shard"
BEAT_SECONDS = 2.0  # a running shard rewrites its heartbeat this often
SUBMISSIONS = 3  # flow runs per shard before the ingest run gives up (it then stays pending: nothing lost)
POLL_SECONDS = 1.0
API_FAILURES = 60  # consecutive failed API reads (one a poll) before the ingest run gives up waiting


@dataclass
class ShardedFetch:
    """What the shards of one run fetched and parsed, combined in the order of the plan."""

    fetches: list[FetchResult]
    entries: pl.DataFrame
    parses: dict[str, ParseResult]
    articles: pl.DataFrame  # every entry normalized (the loader keeps those its checks pass)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # summed over shards: fetch, parse


def feed_to_json(feed: Feed) -> dict[str, Any]:
    """A feed as a flow-run parameter (JSON values only)."""
    return {**dataclasses.asdict(feed), "tags": list(feed.tags)}


def feed_from_json(value: dict[str, Any]) -> Feed:
    """The feed back from :func:`feed_to_json`."""
    return Feed(**{**value, "tags": tuple(value.get("tags") or ())})


@contextmanager
def heartbeat(landing_dir: Path, run_id: str, shard: int, attempt: str) -> Iterator[None]:
    """Rewrite the attempt's beat file every BEAT_SECONDS while the block runs (a daemon thread)."""
    stop = threading.Event()

    def beat() -> None:
        count = 0
        while True:
            try:
                write_beat(
                    landing_dir, run_id, shard, attempt, f"{socket.gethostname()} {os.getpid()} {count}"
                )
            except OSError as exc:  # a full or unreachable landing zone: the fetch will say so itself
                logger.warning("shard %s could not write its heartbeat: %s", shard, exc)
            count += 1
            if stop.wait(BEAT_SECONDS):
                return

    thread = threading.Thread(target=beat, name=f"shard-{shard}-beat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def run_shard(
    run_id: str,
    shard: int,
    attempt: str,
    feeds: list[Feed],
    validators: dict[str, Validators],
    settings: Settings,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> ShardOutput:
    """Fetch and land the shard's feeds under the parent's run id, parse and normalize them, stage the
    results."""
    landing = settings.landing_dir
    with heartbeat(landing, run_id, shard, attempt):
        began = time.perf_counter()
        fetched = fetch_task(unvisited(feeds), settings, unvisited(validators), run_id, transport)
        fetched_at = time.perf_counter()
        # parsed and every entry normalized, on the worker's cores: the loader keeps the rows of the entries
        # its checks pass
        done = parse_task(unvisited(fetched), unvisited(feeds), settings)
        entries, parses, articles = done.entries, done.results, done.articles
        # the parse workers normalize what they parse: "parse" holds both
        seconds = {"fetch": fetched_at - began, "parse": time.perf_counter() - fetched_at}
        by_name = {feed.name: feed for feed in feeds}
        write_shard_output(
            landing, run_id, shard, attempt,
            [manifest(f, run_id, by_name[f.feed]) for f in fetched], list(parses.values()), entries,
            articles, seconds, f"{socket.gethostname()}:{os.getpid()}",
        )  # fmt: skip
    output = read_shard_output(landing, run_id, shard, attempt)
    assert output is not None  # just written
    return output


@flow(name=SHARD_FLOW, log_prints=False, validate_parameters=False, retries=1, retry_delay_seconds=2)
def shard_flow(
    run_id: str,
    shard: int,
    attempt: str,
    feeds: list[dict[str, Any]],
    validators: dict[str, dict[str, Any]],
    settings: dict[str, str],
) -> dict[str, Any]:
    """One shard of an ingest run on a worker: fetch, land, parse, normalize, stage (see the module's
    docstring).

    ``settings`` are the parent's as ``DNW_*`` values (paths absolute): the worker needs none of its own
    beyond PREFECT_API_URL. Returns counts only; the results are the staged files."""
    resolved = resolve_settings({}, env=settings)
    output = run_shard(
        run_id, shard, attempt, [feed_from_json(f) for f in feeds],
        {name: Validators(**v) for name, v in validators.items()}, resolved,
    )  # fmt: skip
    return {
        "shard": shard,
        "attempt": attempt,
        "fetches": len(output.fetches),
        "entries": output.entries.height,
    }


def ensure_shard_deployment(work_pool: str) -> None:
    """Create or update the ``dnw-shard/shard`` deployment on the work pool (its workers import the flow
    from the installed package: no code storage, no pull step)."""
    from prefect.types.entrypoint import EntrypointType

    deployment: Any = shard_flow.to_deployment(
        name="shard", work_pool_name=work_pool, entrypoint_type=EntrypointType.MODULE_PATH, tags=["dnw"],
        description="Fetch, land, parse and normalize one shard of an ingest run's feeds for the loader.",
    )  # fmt: skip
    deployment.apply(work_pool_name=work_pool)


def combine(feeds: list[Feed], outputs: list[ShardOutput]) -> ShardedFetch:
    """The shards' results as one batch in the order a single-process run would have them: fetches in the
    plan's feed order, entries in fetch order (so that every later stage sees the same frames)."""
    position = {feed.name: i for i, feed in enumerate(feeds)}
    fetches = sorted(
        (f for o in outputs for f in o.fetches), key=lambda f: position.get(f.feed, len(position))
    )
    rank = pl.DataFrame(
        {"fetch_id": [f.fetch_id for f in fetches], "_rank": list(range(len(fetches)))},
        schema={"fetch_id": pl.String(), "_rank": pl.Int64()},
    )

    def in_fetch_order(frames: list[pl.DataFrame]) -> pl.DataFrame:
        return (
            pl.concat(frames, how="vertical")
            .join(rank, on="fetch_id", how="left", maintain_order="left")
            .sort("_rank", maintain_order=True)
            .drop("_rank")
        )

    entries = in_fetch_order([pl.DataFrame(schema=PARSED_SCHEMA), *(o.entries for o in outputs)])
    articles = in_fetch_order([pl.DataFrame(schema=NORMALIZED_SCHEMA), *(o.articles for o in outputs)])
    parses = {k: v for o in outputs for k, v in o.parses.items()}
    seconds: dict[str, float] = {}
    for o in outputs:
        for stage, value in o.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    notes = [
        f"shard {o.shard}: {len(o.fetches)} feed(s), {o.entries.height} entries, fetch "
        f"{o.seconds.get('fetch', 0):.2f} s, parse and normalize {o.seconds.get('parse', 0):.2f} s "
        f"on {o.worker}"
        for o in sorted(outputs, key=lambda o: o.shard)
    ]
    return ShardedFetch(fetches, entries, parses, articles, notes, seconds)


def plan_shards(feeds: list[Feed], shards: int) -> list[list[Feed]]:
    """The non-empty shards of the planned feeds (a host's feeds together)."""
    split = split_by_host([feed.url for feed in feeds], shards)
    return [[feeds[p] for p in positions] for positions in split if positions]


def run_shards(
    feeds: list[Feed],
    validators: dict[str, Validators],
    settings: Settings,
    run_id: str,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> ShardedFetch:
    """Fetch, parse and normalize the planned feeds in shards (on the work pool when one is set, else here,
    one after another)."""
    groups = plan_shards(feeds, settings.shards)
    if not settings.work_pool:
        outputs = [
            run_shard(run_id, i, uuid.uuid4().hex, group, validators, settings, transport)
            for i, group in enumerate(groups)
        ]
        return combine(feeds, outputs)
    ensure_shard_deployment(settings.work_pool)
    env = settings_env(settings)
    known = {name: dataclasses.asdict(v) for name, v in validators.items()}
    params = [
        {
            "run_id": run_id, "shard": i, "feeds": [feed_to_json(f) for f in group], "settings": env,
            "validators": {f.name: known[f.name] for f in group if f.name in known},
        }
        for i, group in enumerate(groups)
    ]  # fmt: skip
    return combine(feeds, wait_for_shards(params, settings))


@dataclass
class _Submission:
    shard: int
    flow_run_id: Any
    attempt: str
    number: int  # 1 for the first submission of the shard
    beat: str | None = None
    beat_changed: float | None = None  # monotonic time the beat last changed (or the run was seen running)


def _submit(params: dict[str, Any], number: int) -> _Submission:
    from prefect.deployments import run_deployment

    attempt = uuid.uuid4().hex
    run: Any = run_deployment(
        SHARD_DEPLOYMENT, parameters={**params, "attempt": attempt}, timeout=0, as_subflow=True,
        flow_run_name=f"{params['run_id']}-shard-{params['shard']}-{number}",
    )  # fmt: skip
    return _Submission(params["shard"], run.id, attempt, number)


def wait_for_shards(params: list[dict[str, Any]], settings: Settings) -> list[ShardOutput]:
    """Submit every shard to the pool and wait for all of them, submitting again a shard whose run failed,
    crashed, or went silent (no heartbeat for ``settings.shard_stall`` s once a worker claimed it: Pending
    or Running). A run no worker has claimed yet (Scheduled, Late) is waited for."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    landing = settings.landing_dir
    by_shard = {p["shard"]: p for p in params}
    running = {p["shard"]: _submit(p, 1) for p in params}
    done: dict[int, ShardOutput] = {}

    def again(sub: _Submission, why: str) -> None:
        if sub.number >= SUBMISSIONS:
            raise RuntimeError(f"shard {sub.shard} gave up after {sub.number} flow runs: {why}")
        logger.warning("shard %s (flow run %s): %s; submitting it again", sub.shard, sub.flow_run_id, why)
        running[sub.shard] = _submit(by_shard[sub.shard], sub.number + 1)

    failures = 0  # consecutive failed reads of the API: a restarting server is waited for, briefly
    with get_client(sync_client=True) as client:
        while running:
            for shard, sub in list(running.items()):
                try:
                    state = client.read_flow_run(sub.flow_run_id).state
                    failures = 0
                except Exception as exc:
                    failures += 1
                    if failures > API_FAILURES:
                        raise
                    logger.warning("could not read shard %s's flow run (%s); trying again", shard, exc)
                    break
                kind = state.type if state else None
                if kind == StateType.COMPLETED:
                    output = read_shard_output(landing, by_shard[shard]["run_id"], shard, sub.attempt)
                    if output is None:
                        again(sub, "completed without staged results")
                    else:
                        done[shard] = output
                        del running[shard]
                elif kind in (StateType.FAILED, StateType.CRASHED, StateType.CANCELLED):
                    again(sub, f"ended {kind.value}: {state.message if state else ''}")
                elif kind in (StateType.PENDING, StateType.RUNNING):  # claimed by a worker: it must beat
                    now = time.monotonic()
                    beat = read_beat(landing, by_shard[shard]["run_id"], shard, sub.attempt)
                    if sub.beat_changed is None or beat != sub.beat:
                        sub.beat, sub.beat_changed = beat, now
                    elif now - sub.beat_changed > settings.shard_stall:
                        why = f"no heartbeat for {settings.shard_stall:g} s (worker lost?)"
                        client.set_flow_run_state(sub.flow_run_id, Crashed(message=why), force=True)
                        again(sub, why)
            if running:
                time.sleep(POLL_SECONDS)
    return [done[shard] for shard in sorted(done)]
