"""What users pay: the floor over every core, and `dnw run` as the separate processes users start.

- ``all_core_floor``: httpx2 + feedparser in one process per core, each on its share of the feeds (the
  machine's capacity for the work no pipeline can skip); the wall time includes starting the processes.
- ``dnw_run``: one `dnw run --all` process against a running Prefect server with the defaults users get
  (publish on, Data Docs on); its wall time, its own report's stage seconds and the peak memory of it and
  its worker processes.
- ``process_workers``: `prefect worker start` processes on a process work pool, for the shard scenarios
  (`dnw run --shards N --work-pool ...`; ``shard_costs`` reads each shard's seconds from its report).
- ``prefect_server``: the server those runs report to: the one in ``PREFECT_API_URL`` if set, else a
  `dnw prefect-server` (as the systemd unit starts Prefect's server) on a free loopback port with a
  temporary PREFECT_HOME, stopped afterwards.
- ``steady_state``: `dnw serve` on a compressed schedule (an ingest every ``interval`` seconds standing for
  one every 15 minutes, 5% of the feeds changed before each), and the CPU seconds of it, its flow-run
  processes and the Prefect server (read from /proc), as a share of one core over a real 15-minute cycle.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import feedparser
import httpx2


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


async def fetch_and_parse(urls: list[str], concurrency: int, timeout: float) -> int:
    """Entries of the feeds at ``urls``, fetched with httpx2 and parsed with feedparser: the floor's work."""
    limit = asyncio.Semaphore(concurrency)
    entries = 0
    async with httpx2.AsyncClient(
        timeout=timeout, limits=httpx2.Limits(max_connections=concurrency)
    ) as client:

        async def one(url: str) -> None:
            nonlocal entries
            async with limit:
                try:
                    response = await client.get(url)
                except httpx2.HTTPError:
                    return
            if response.status_code == 200:
                result = feedparser.parse(response.content, response_headers=dict(response.headers))
                entries += len(result.entries)

        await asyncio.gather(*(one(url) for url in urls))
    return entries


def _floor_share(urls: list[str], concurrency: int, timeout: float) -> int:
    return asyncio.run(fetch_and_parse(urls, concurrency, timeout))


def all_core_floor(urls: list[str], concurrency: int, timeout: float) -> tuple[float, int, int]:
    """(seconds, entries, processes): fetch + parse of every feed, one process per core."""
    count = cores()
    shares = [urls[i::count] for i in range(count)]
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        entries = sum(pool.map(_floor_share, shares, [concurrency] * count, [timeout] * count))
    return time.perf_counter() - began, entries, count


@dataclass(frozen=True)
class ProcessRun:
    """One `dnw run` process: wall seconds, exit code, peak RSS (MB) of its largest process (itself or a
    worker), its report, and the peak of the RSS of all its processes together (sampled every 0.2 s)."""

    seconds: float
    returncode: int
    peak_rss_mb: float
    stages: dict[str, float]
    entries: int
    output: str
    peak_tree_rss_mb: float = 0.0

    @property
    def peak_stage(self) -> str | None:
        """The stage during which the run's own process reached its peak memory, as its report says."""
        match = PEAK_STAGE.search(self.output)
        return match.group(1) if match else None


STAGES = re.compile(r"seconds by stage: (.*?) \(")
PEAK_STAGE = re.compile(r"memory: peak [\d,.]+ MB in this process \(during ([^)]+)\)")
SEEN = re.compile(r"entries: (\d+) seen")


# Runs a command and writes the peak RSS (KB) of its largest process, workers included, to a file: a fresh
# parent per run, so that one run's peak is not the largest of every run before it (RUSAGE_CHILDREN of a
# long-lived parent only grows).
PEAK_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def dnw(env: dict[str, str], *args: str) -> ProcessRun:
    """One `dnw` command as its own process: wall seconds, exit code, its own peak RSS, its report."""
    command = Path(sys.executable).with_name("dnw")
    with tempfile.TemporaryDirectory(prefix="dnw-peak-") as folder:
        peak_file = Path(folder) / "peak"
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", PEAK_WRAPPER, str(peak_file), str(command), *args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        done = threading.Event()
        tree_peak = [0.0]

        def sample() -> None:
            while not done.wait(0.2):
                tree_peak[0] = max(tree_peak[0], tree_rss_mb(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = child.communicate()
        seconds = time.perf_counter() - began
        done.set()
        sampler.join()
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else 0.0
    stages: dict[str, float] = {}
    if match := STAGES.search(output):
        for part in match.group(1).split(", "):
            name, value = part.rsplit(" ", 1)
            stages[name] = float(value)
    seen = SEEN.search(output)
    entries = int(seen.group(1)) if seen else 0
    return ProcessRun(seconds, child.returncode, peak, stages, entries, output, tree_peak[0])


def dnw_run(feeds_file: Path, env: dict[str, str], *extra: str) -> ProcessRun:
    """`dnw run --all` (plus ``extra`` flags) once as its own process; the environment carries the DNW_*
    settings."""
    return dnw(env, "run", "--all", "--feeds", str(feeds_file), *extra)


# the benchmark's Prefect server runs with the settings of a server set up as docs/operations.md says
SERVER_ENV_FILE = Path(__file__).resolve().parents[1] / "deployments" / "systemd" / "dnw.env"


def server_settings(path: Path = SERVER_ENV_FILE) -> dict[str, str]:
    """The ``PREFECT_SERVER_*`` lines of the shipped systemd environment file (service loops, retention)."""
    settings: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key.startswith("PREFECT_SERVER_"):
            settings[key] = value
    return settings


SERVER_PID = "DNW_BENCH_PREFECT_SERVER_PID"  # in the environment prefect_server yields, when it started one


@contextmanager
def prefect_server(home: Path) -> Iterator[dict[str, str]]:
    """The environment of a client of a running Prefect server (started here unless PREFECT_API_URL is
    set; then ``SERVER_PID`` names its process)."""
    if os.environ.get("PREFECT_API_URL"):
        yield {"PREFECT_API_URL": os.environ["PREFECT_API_URL"]}
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **server_settings(),
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    }
    dnw = Path(sys.executable).with_name("dnw")  # as deployments/systemd/dnw-prefect-server.service starts it
    with (home / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [str(dnw), "prefect-server", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/api"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"prefect server did not start (see {home / 'server.log'})")
                time.sleep(0.5)
            yield {"PREFECT_API_URL": url, "PREFECT_HOME": str(home), SERVER_PID: str(server.pid)}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


@contextmanager
def process_workers(env: dict[str, str], pool: str, count: int, logs: Path) -> Iterator[None]:
    """``count`` `prefect worker start` processes on a process work pool (created by the first one), each
    flow run a child process of its worker; stopped (with their children) afterwards."""
    import signal

    prefect = Path(sys.executable).with_name("prefect")
    logs.mkdir(parents=True, exist_ok=True)
    workers = []
    try:
        for i in range(count):
            with (logs / f"worker-{i}.log").open("wb") as log:
                workers.append(
                    subprocess.Popen(
                        [
                            str(prefect),
                            "worker",
                            "start",
                            "--pool",
                            pool,
                            "--type",
                            "process",
                            "--name",
                            f"{pool}-{i}",
                        ],
                        env={**env, "PREFECT_WORKER_QUERY_SECONDS": "1"},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        yield
    finally:
        for worker in workers:
            try:
                os.killpg(worker.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()


SHARD_NOTE = re.compile(
    r"note: shard (\d+): (\d+) feed\(s\), (\d+) entries, fetch ([\d.]+) s, parse and normalize ([\d.]+) s"
)


def shard_costs(output: str) -> list[dict[str, float]]:
    """The per-shard lines of a sharded `dnw run` report: feeds, entries, fetch and parse seconds (the
    parse workers normalize too)."""
    return [
        {
            "shard": int(m[0]),
            "feeds": int(m[1]),
            "entries": int(m[2]),
            "fetch_s": float(m[3]),
            "parse_s": float(m[4]),
        }
        for m in SHARD_NOTE.findall(output)
    ]


CYCLE = 900.0  # seconds: the real ingest interval the compressed schedule stands for


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its children it has waited for) from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state is field 3
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[1]), sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime


def _tree(roots: list[int]) -> dict[int, float]:
    """CPU seconds (as :func:`_stat` reads them) of each of the processes ``roots`` and all their live
    descendants, by pid."""
    stats = {int(d): st for d in os.listdir("/proc") if d.isdigit() and (st := _stat(int(d))) is not None}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    found: dict[int, float] = {}
    todo = list(roots)
    while todo:
        pid = todo.pop()
        if pid in found or pid not in stats:
            continue
        found[pid] = stats[pid][1]
        todo.extend(children.get(pid, []))
    return found


def tree_cpu_seconds(roots: list[int]) -> float:
    """CPU seconds so far of the processes ``roots`` and all their live descendants (a descendant that has
    exited counts in its parent's children time once the parent has waited for it)."""
    return sum(_tree(roots).values())


def tree_rss_mb(root: int) -> float:
    """RSS (MB) of the processes ``root`` and all its live descendants together, from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in _tree([root]):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue  # exited meanwhile
    return total / 2**20


@dataclass(frozen=True)
class SteadyState:
    """CPU of `dnw serve` (with its flow runs) and the Prefect server over a compressed schedule."""

    cpu_pct: float  # of one core, over a real 15-minute cycle
    cycle_cpu_s: float  # CPU seconds of one ingest cycle beyond idling
    idle_cpu_pct: float  # of one core, between cycles (the server's and serve's own polling)
    cycles: float  # cycles in the measured window
    includes_server: bool  # False when the server was not started here (PREFECT_API_URL given)


def _running_flow(serve: int) -> bool:
    """Whether `dnw serve` (pid ``serve``) has a flow run going: Prefect starts each as a `python -m
    prefect.engine` child (the validation service is a child that stays)."""
    for pid in _tree([serve]):
        try:
            if b"prefect.engine" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except OSError:
            continue  # exited meanwhile
    return False


def idle_rate(deltas: list[float], busy: list[bool], settle: int = 5) -> float:
    """CPU seconds per second while idling: the mean over the seconds with no flow run alive and none in
    the ``settle`` seconds before (the server still records a run's events after it ends). ``deltas[i]``
    is the CPU of second i, between samples i and i + 1; ``busy[i]`` says whether a flow run was alive at
    sample i. A mean, not a percentile: /proc counts CPU in ticks of 10 ms, so one second of a process
    idling at 1.6% reads 0.01 or 0.02, and a percentile of those is off by up to a whole per cent."""
    quiet = [delta for i, delta in enumerate(deltas) if not any(busy[max(0, i - settle) : i + 2])]
    if len(quiet) < 10:  # no quiet stretch (cycles back to back): the old estimate, a low percentile
        return sorted(deltas)[len(deltas) // 5] if deltas else 0.0
    return sum(quiet) / len(quiet)


def steady_state(
    feeds_file: Path, env: dict[str, str], change: Callable[[int], None], interval: float, minutes: float
) -> SteadyState:
    """Run `dnw serve --all` with an ingest every ``interval`` seconds for ``minutes``, calling ``change``
    (5% of the feeds publish) before each cycle, and sample the CPU of it and the server every second. The
    first interval (start-up, registering the deployments) is not measured. Idling is the mean CPU of the
    seconds without a flow run (:func:`idle_rate`): a cycle's CPU is what the window used beyond it."""
    dnw = Path(sys.executable).with_name("dnw")
    log = (Path(env.get("DNW_DATA_DIR", ".")) / "serve.log").open("wb")
    serve = subprocess.Popen(
        [str(dnw), "serve", "--feeds", str(feeds_file), "--all", "--ingest-every", str(interval),
         "--publish-every", "86400"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    roots = [serve.pid] + ([int(env[SERVER_PID])] if env.get(SERVER_PID) else [])
    stop = threading.Event()

    def publishing() -> None:
        round_ = 0
        while not stop.wait(interval):
            round_ += 1
            change(round_)

    changer = threading.Thread(target=publishing, daemon=True)
    changer.start()
    samples: list[float] = []
    busy: list[bool] = []  # a flow run was alive
    try:
        time.sleep(interval)
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline and serve.poll() is None:
            samples.append(tree_cpu_seconds(roots))
            busy.append(_running_flow(serve.pid))
            time.sleep(1.0)
    finally:
        stop.set()
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
    if len(samples) < 10:
        raise RuntimeError(f"dnw serve stopped early (see {log.name})")
    deltas = [max(0.0, b - a) for a, b in itertools.pairwise(samples)]
    idle = idle_rate(deltas, busy)
    window = float(len(deltas))
    cycles = window / interval
    cycle_cpu = max(0.0, (samples[-1] - samples[0] - idle * window) / cycles)
    return SteadyState(
        cpu_pct=round(100 * (cycle_cpu + idle * CYCLE) / CYCLE, 2),
        cycle_cpu_s=round(cycle_cpu, 2),
        idle_cpu_pct=round(100 * idle, 2),
        cycles=round(cycles, 2),
        includes_server=SERVER_PID in env,
    )
