"""Scale-out for real: a Prefect server on PostgreSQL, a process work pool, two `prefect worker start`
processes, `dnw run --shards 2 --work-pool ...` as the one writer, and loopback feeds on four loopback
addresses (four hosts to the shard split).

* 400 feeds: every feed is fetched exactly once by the sharded run, both shards run as flow runs of the
  pool, the run reconciles, and the marts equal those of a single-process `dnw run` on the same feeds.
* A worker SIGKILLed (with every process under it, as when its machine is lost) while its shard fetches:
  the parent takes the silent shard for dead, submits it again, the other worker runs it; ops.fetch_log
  has each fetch once, one per feed, and the marts miss nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import duckdb
import httpx2
import pytest

from core.feeds import Feed
from flows.shards import plan_shards
from sources.manifests import read_manifests
from tests.conftest import running_prefect_server
from tests.flows.postgres import postgres_cluster
from tests.flows.shard_farm import comparable_marts, farm_on_hosts

pytestmark = [pytest.mark.server, pytest.mark.timeout(900)]

BIN = Path(sys.executable).parent
POOL = "dnw-test-shards"


@pytest.fixture(scope="module")
def pg_prefect(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server whose database is a PostgreSQL cluster of its own; both stopped afterwards."""
    base = tmp_path_factory.mktemp("pg-prefect")
    with postgres_cluster(base) as url:
        extra = {"PREFECT_API_DATABASE_CONNECTION_URL": url}
        home = base / "prefect-home"
        home.mkdir()
        with running_prefect_server(home, extra) as env:
            yield env


def children_of(pid: int) -> list[int]:
    """Every process under ``pid`` (children, grandchildren, ...), read from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(text.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, ppid in parents.items() if ppid == parent]
        found.extend(kids)
        frontier.extend(kids)
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL a process and everything under it (no cleanup anywhere: a lost machine)."""
    for victim in [pid, *children_of(pid)]:
        with suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)


@pytest.fixture
def workers(pg_prefect: dict[str, str], tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two process workers on the pool (each flow run a child process of its worker)."""
    env = {**os.environ, **pg_prefect, "PREFECT_WORKER_QUERY_SECONDS": "1"}
    with ExitStack() as stack:
        started = []
        for name in ("worker-a", "worker-b"):
            log = stack.enter_context((tmp_path / f"{name}.log").open("wb"))
            started.append(
                subprocess.Popen(
                    [
                        str(BIN / "prefect"),
                        "worker",
                        "start",
                        "--pool",
                        POOL,
                        "--type",
                        "process",
                        "--name",
                        name,
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        try:
            yield started
        finally:
            for worker in started:
                kill_tree(worker.pid)
                worker.wait(timeout=30)


def feeds_file(path: Path, feeds: list[Feed]) -> Path:
    path.write_text(
        "".join(
            f'[[feeds]]\nname = "{f.name}"\nurl = "{f.url}"\npublisher = "{f.publisher}"\n\n' for f in feeds
        )
    )
    return path


def dnw_run(feeds: Path, data: Path, server: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    """`dnw run --all` as its own process against the server (Data Docs and publishing off)."""
    return subprocess.Popen(
        [str(BIN / "dnw"), "run", "--all", "--feeds", str(feeds), "--data-dir", str(data), "--no-data-docs",
         "--no-publish", *extra],
        env={**os.environ, **server}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def finished(run: subprocess.Popen[str], timeout: float = 600) -> str:
    output, _ = run.communicate(timeout=timeout)
    assert run.returncode == 0, output[-4000:]
    return output


def shard_runs(server: dict[str, str]) -> list[dict[str, Any]]:
    response = httpx2.post(
        f"{server['PREFECT_API_URL']}/flow_runs/filter",
        json={"flows": {"name": {"any_": ["dnw-shard"]}}, "sort": "EXPECTED_START_TIME_ASC"},
        timeout=10,
    )
    response.raise_for_status()
    return list(response.json())


def warehouse_facts(data: Path) -> tuple[list[tuple[str, str, str]], list[tuple[Any, ...]]]:
    """(ops.fetch_log rows: fetch id, feed, run id; ops.pipeline_runs rows: run id, status, reconciled)."""
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        log = con.execute("select fetch_id, feed, run_id from ops.fetch_log").fetchall()
        runs = con.execute("select run_id, status, reconciled from ops.pipeline_runs").fetchall()
    return log, runs


def pipeline_run_id(tmp_path: Path) -> str:
    [(run_id, _, _)] = warehouse_facts(tmp_path / "sharded")[1]
    return str(run_id)


def test_two_workers_fetch_400_feeds_once_and_load_what_one_process_loads(
    tmp_path: Path, pg_prefect: dict[str, str], workers: list[subprocess.Popen[bytes]]
) -> None:
    with farm_on_hosts(feeds=400, items=5, hosts=4) as (feeds, served):
        path = feeds_file(tmp_path / "feeds.toml", feeds)
        output = finished(
            dnw_run(path, tmp_path / "sharded", pg_prefect, "--shards", "2", "--work-pool", POOL)
        )
        by_sharded = dict(served)
        finished(dnw_run(path, tmp_path / "single", pg_prefect))
    assert all(worker.poll() is None for worker in workers)
    assert by_sharded == {f.name: 1 for f in feeds}  # every feed exactly once in the cycle
    assert output.count("note: shard ") == 2, output[-3000:]
    runs = [r for r in shard_runs(pg_prefect) if r["name"].startswith(f"{pipeline_run_id(tmp_path)}-shard-")]
    assert len(runs) == 2
    assert {r["state_type"] for r in runs} == {"COMPLETED"}
    assert {r["work_pool_name"] for r in runs} == {POOL}
    log, pipeline = warehouse_facts(tmp_path / "sharded")
    assert len(log) == len({fetch_id for fetch_id, _, _ in log}) == len({feed for _, feed, _ in log}) == 400
    assert [(status, reconciled) for _, status, reconciled in pipeline] == [("ok", True)]
    sharded, single = (
        comparable_marts(tmp_path / "sharded" / "warehouse.duckdb"),
        comparable_marts(tmp_path / "single" / "warehouse.duckdb"),
    )
    assert sum(len(rows) for rows in single.values()) > 400
    for name in single:
        assert sharded[name] == single[name], name


def test_a_worker_killed_mid_shard_is_replaced_and_nothing_is_lost_or_loaded_twice(
    tmp_path: Path, pg_prefect: dict[str, str], workers: list[subprocess.Popen[bytes]]
) -> None:
    data = tmp_path / "sharded"
    # slow feeds, one request per host at a time: each shard fetches for a few seconds
    with farm_on_hosts(feeds=40, items=4, hosts=4, delay=0.4) as (feeds, served):
        path = feeds_file(tmp_path / "feeds.toml", feeds)
        run = dnw_run(
            path, data, pg_prefect, "--shards", "2", "--work-pool", POOL, "--per-host-concurrency", "1",
            "--shard-stall", "20",
        )  # fmt: skip
        try:
            shard_of = {f.name: i for i, group in enumerate(plan_shards(feeds, 2)) for f in group}
            sizes = Counter(shard_of.values())
            victim = None
            deadline = time.monotonic() + 240
            while victim is None:
                assert run.poll() is None, run.communicate()[0][-3000:]
                assert time.monotonic() < deadline, "no shard started fetching"
                time.sleep(0.2)
                landed = Counter(
                    shard_of[json.loads(line)["feed"]]
                    for path in (data / "landing" / "fetches").glob("*/*/landed-*.jsonl")
                    for line in path.read_text().split("\n")[:-1]  # a line being appended: not yet
                )
                for beat in (data / "landing" / "shards").glob("*/*.beat"):
                    shard = int(beat.name.split("-")[0])
                    if not 0 < landed[shard] < sizes[shard]:
                        continue  # kill it mid-fetch: some of its feeds landed, not all
                    pid = int(beat.read_text().split()[1])
                    victim = next((w for w in workers if pid in children_of(w.pid)), None)
                    if victim is not None:
                        break
            kill_tree(victim.pid)
            output = finished(run)
        finally:
            if run.poll() is None:
                kill_tree(run.pid)
        killed_fetches = dict(served)
        finished(dnw_run(feeds_file(tmp_path / "same.toml", feeds), tmp_path / "single", pg_prefect))
    assert victim.wait(timeout=30) == -signal.SIGKILL
    assert "submitting it again" in output or "note: shard" in output
    log, pipeline = warehouse_facts(data)
    [(run_id, _, _)] = pipeline
    ours = [r for r in shard_runs(pg_prefect) if r["name"].startswith(f"{run_id}-shard-")]
    assert any(r["state_type"] == "CRASHED" for r in ours), [(r["name"], r["state_type"]) for r in ours]
    assert sum(r["state_type"] == "COMPLETED" for r in ours) == 2  # one completed attempt per shard
    assert len(log) == len({fetch_id for fetch_id, _, _ in log})  # each fetch once
    assert sorted(feed for _, feed, _ in log) == sorted(f.name for f in feeds)  # every feed, once
    assert [(status, reconciled) for _, status, reconciled in pipeline] == [("ok", True)]
    assert any(
        count > 1 for count in killed_fetches.values()
    )  # the retry fetched the dead shard's feeds again
    manifests = read_manifests(data / "landing")
    assert len(manifests) > len(log)  # what the dead attempt landed is still there (superseded, not loaded)
    single = comparable_marts(tmp_path / "single" / "warehouse.duckdb")
    assert comparable_marts(data / "warehouse.duckdb") == single  # nothing missing from the marts
