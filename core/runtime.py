"""Process-wide runtime settings that must be in place before Prefect or great-expectations is imported."""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.abc
import os
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

# Telemetry off and no network calls home: this pipeline must run on machines without internet access.
OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # Prefect's console output is replaced by our own one-line-per-feed report; warnings still show.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_BATCH_INTERVAL": "0.5",
    # The temporary server must not try to reach the internet for UI assets or version checks.
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}

# polars' allocator (jemalloc, `_RJEM_MALLOC_CONF`) hands the pages of freed frames back to the system with
# MADV_FREE after half a second, and they count in the process's memory until the kernel needs them (or a
# second later, when jemalloc purges them for good): a run's frames freed after its stages were still there
# while DuckDB published. Purged at once instead (muzzy_decay_ms:0), a cold 1,000-feed run peaked at
# 870-956 MB against 939-1,027 MB (four runs each, alternating; no slower). polars' other settings stay.
MEMORY_ENV = {"_RJEM_MALLOC_CONF": "muzzy_decay_ms:0"}

# Analytics must be off whatever the caller had set.
FORCED = ("DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED", "GX_ANALYTICS_ENABLED")
FILLED: set[str] = set()  # the defaults configure_environment filled in (the caller had not set them)


def configure_environment() -> None:
    """Set offline-safe defaults and polars' memory setting (before polars is imported); analytics switches
    are forced, the rest only filled in when unset."""
    for key, value in {**OFFLINE_ENV, **MEMORY_ENV}.items():
        if key in FORCED:
            os.environ[key] = value
        elif key not in os.environ:
            os.environ[key] = value
            FILLED.add(key)


# How often the Prefect server's task queue (docket) looks for due work, in seconds. docket polls every
# 0.25 s and Prefect offers no setting for it; its work here is the services' loops (every 60-300 s with
# deployments/systemd/dnw.env) and a few follow-ups of API calls, for which a second is soon enough.
TASK_QUEUE_POLL_ENV = "DNW_PREFECT_TASK_QUEUE_POLL"
TASK_QUEUE_POLL_SECONDS = 1.0


def slow_task_queue_polling(seconds: float) -> bool:
    """Make docket workers created from now on in this process poll every ``seconds`` (instead of 0.25 s)
    unless their creator asks otherwise. False, and nothing changed, when docket's ``Worker`` does not take
    the two intervals (another docket version: the server then polls as Prefect ships it)."""
    import inspect
    from datetime import timedelta

    from docket.worker import Worker

    init = Worker.__init__
    names = ("minimum_check_interval", "scheduling_resolution")
    if getattr(init, "dnw_poll", None) is not None:
        init = init.__wrapped__  # type: ignore[attr-defined]
    if not all(name in inspect.signature(init).parameters for name in names):
        return False
    interval = timedelta(seconds=seconds)

    def patient_init(self: Worker, *args: object, **kwargs: object) -> None:
        for name in names:
            kwargs.setdefault(name, interval)
        init(self, *args, **kwargs)  # type: ignore[arg-type]

    patient_init.__wrapped__ = init  # type: ignore[attr-defined]
    patient_init.dnw_poll = seconds  # type: ignore[attr-defined]
    Worker.__init__ = patient_init  # type: ignore[method-assign]
    slow_pubsub_reads(seconds)
    return True


def slow_pubsub_reads(seconds: float) -> bool:
    """Make waiting reads of the in-memory Redis's pub/sub (burner-redis, the task queue's store when no Redis
    is configured) wait in steps of ``seconds`` instead of 0.1 s: each step hands a blocking ``queue.get`` to
    a thread and back, and docket's cancellation listener waits this way all the time (10 wake-ups a second
    of the server's event loop and a thread: a third of an idle server's CPU). A message is returned as soon
    as it arrives, as before; what waits longer is a reader noticing that it should stop (docket's listener at
    the server's shutdown) and a timed read that found nothing (it returns after ``seconds`` at the least).
    Non-blocking reads are unchanged. False, and nothing changed, when burner-redis is not installed or its
    ``PubSub`` does not read a ``queue.Queue`` this way (another version: the reads stay as they ship)."""
    import asyncio
    import inspect
    import queue

    try:
        from burner_redis.pubsub import PubSub
    except ImportError:
        return False
    read = PubSub._queue_get
    if getattr(read, "dnw_poll", None) is not None:
        read = read.__wrapped__
    if list(inspect.signature(read).parameters) != ["self", "timeout"]:
        return False

    async def patient_read(self: Any, timeout: float | None) -> Any:
        waiting = getattr(self, "_queue", None)
        if timeout == 0.0 or not isinstance(waiting, queue.Queue):
            return await read(self, timeout)
        step = seconds if timeout is None else max(timeout, seconds)
        while True:
            try:
                return await asyncio.to_thread(waiting.get, True, step)
            except queue.Empty:
                if timeout is not None:
                    return None

    patient_read.__wrapped__ = read  # type: ignore[attr-defined]
    patient_read.dnw_poll = seconds  # type: ignore[attr-defined]
    PubSub._queue_get = patient_read
    return True


HEARTBEAT_ENV = "PREFECT_FLOWS_HEARTBEAT_FREQUENCY"


@contextlib.contextmanager
def without_flow_heartbeat() -> Iterator[None]:
    """Prefect's flow-run heartbeat off for the flows run inside, unless ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY``
    asks for it.

    The heartbeat is a thread that sends an event every 180 s and that a flow run joins at its end; the
    thread sleeps in one-second steps, so every flow run ended 0-1 s late (half a second on average: a
    seventh of a run where every feed answers 304). The events are only of use to an automation that marks
    silent runs Crashed, which this project does not set up (shards have heartbeats of their own:
    docs/operations.md). A variable cannot turn it off (Prefect wants a number of at least 30 there), hence
    these settings: a copy of the current ones with the heartbeat off, not ``temporary_settings``, which
    builds them again from every source (25-30 ms of every `dnw` process that runs a flow)."""
    if HEARTBEAT_ENV in os.environ:
        yield
        return
    from prefect.context import SettingsContext, get_settings_context

    current = get_settings_context()
    flows = current.settings.flows.model_copy(update={"heartbeat_frequency": None})
    with SettingsContext(
        profile=current.profile, settings=current.settings.model_copy(update={"flows": flows})
    ):
        yield


# `dnw run` and `dnw demo` ask their feeds in a process of their own while they import Prefect
# (sources/prefetch.py); the process is started first thing, so that its own start and imports (about 0.2 s)
# overlap the command's, and it waits on its stdin for the run's feeds and settings.
PREFETCH_ENV = "DNW_PREFETCH"  # "0": the flow asks every feed itself
EARLY_COMMANDS = ("run", "demo")
EARLY_PROCESS = ("-P", "-m", "sources.prefetch")  # -P: never a `sources` of the working directory
_early_process: subprocess.Popen[bytes] | None = None


def prefetch_wanted() -> bool:
    """Whether a run's requests start in a process of their own: not with ``DNW_PREFETCH=0``, nor on one
    core (the process would only take turns with the imports)."""
    return os.environ.get(PREFETCH_ENV, "").strip() != "0" and len(os.sched_getaffinity(0)) >= 2


def start_early_process(argv: list[str]) -> None:
    """Start the early fetch's process when ``argv`` (the command line) runs the pipeline; best effort."""
    global _early_process
    if len(argv) >= 2 and argv[1] in EARLY_COMMANDS and prefetch_wanted():
        _early_process = spawn_early_process()


def spawn_early_process() -> subprocess.Popen[bytes] | None:
    """A new early fetch process, waiting on its stdin for its job (None: it could not start)."""
    try:
        return subprocess.Popen(
            [sys.executable, *EARLY_PROCESS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def take_early_process() -> subprocess.Popen[bytes] | None:
    """The early process started for this command, once (None: none was, or it was taken)."""
    global _early_process
    process, _early_process = _early_process, None
    return process


def defer_collection() -> None:
    """The cyclic garbage collector off while a `dnw` process starts: importing Prefect, polars, DuckDB and
    great-expectations and creating the flow run allocate a few hundred thousand long-lived objects, and
    every full collection meanwhile walks all of them again (0.2 s of the 2.7 s of a run where every feed
    answers 304). :func:`resume_collection` turns it back on."""
    gc.disable()


def resume_collection() -> None:
    """The collector back on, once a process has started (a no-op unless :func:`defer_collection` turned it
    off): what exists by now lives as long as the process, so it is frozen out of later full collections.

    The collection thresholds stay Python's: a young generation ten times as large saved 0.06 s more of a
    warm run but raised a cold run's peak RSS by 100-150 MB (cyclic garbage waits longer to be freed)."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


@contextlib.contextmanager
def collection_paused(freeze: bool = False) -> Iterator[None]:
    """The cyclic garbage collector off for the block, and back on after it (a no-op when it is off already:
    the process is starting, or a caller paused it). ``freeze``: what exists when the block ends is frozen out
    of later collections first: for a block that makes objects which live as long as the process (a library's
    import), which the next collections would otherwise walk all at once and then again in every full one."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()


class DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet: an ``import`` of it binds this stand-in, and
    the first attribute read from it imports the module and takes over its namespace. Not
    ``importlib.util.LazyLoader``: on Python 3.11 the import system reads ``__spec__`` of a module found in
    ``sys.modules``, which makes a lazily loaded module load at the next ``import`` of it."""

    _lock = threading.Lock()

    def __getattr__(self, attribute: str) -> Any:
        name = self.__name__
        with DeferredModule._lock:
            if sys.modules.get(name) is self:
                del sys.modules[name]
            module = importlib.import_module(name)
            self.__dict__.update(module.__dict__)
        return getattr(module, attribute)


# Prefect imports these at its own import only to register the notification and webhook block types, which no
# flow run here reads: about 0.1 s of CPU in every `dnw run` (5% of a run where every feed answers 304). The
# Prefect server registers the block types it knows in its own process, which never defers them. jsonschema
# (with its format checkers) checks deployment parameters and coolname makes up names for runs not named by
# their caller: Prefect imports both at its import, a flow run of `dnw run` uses neither.
PREFECT_DEFERRED_IMPORTS = (
    "prefect.blocks.notifications",
    "prefect.blocks.webhook",
    "jsonschema",
    "coolname",
)
# httpx imports its command-line tool (click, rich's console, pygments) at its own import when click is
# installed (Prefect's server needs it) and falls back to a stub that says to install it when it is not;
# Prefect's client never runs that tool.
PREFECT_REFUSED_IMPORTS = (("click",), ("httpx",))


def defer_imports(names: tuple[str, ...]) -> None:
    """Let ``names`` be imported without running them until something reads from them (a no-op for a module
    already imported). For modules a library imports at its own import but uses only in code this project
    never calls."""
    for name in names:
        if name not in sys.modules:
            stand_in = DeferredModule(name)
            stand_in.__spec__ = None  # the import system then takes it as imported (see the class)
            sys.modules[name] = stand_in


class _Refused(importlib.abc.MetaPathFinder):
    """Finds nothing for ``names`` (top-level packages and their submodules) when the code importing them is
    in one of the ``importers`` packages, as if they were not installed; every other importer is left to the
    finders after it."""

    def __init__(self, names: tuple[str, ...], importers: tuple[str, ...]) -> None:
        self.names = names
        self.importers = importers

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname.partition(".")[0] not in self.names:
            return None
        frame: types.FrameType | None = sys._getframe(1)
        while frame is not None and str(frame.f_globals.get("__name__", "")).startswith(IMPORT_MACHINERY):
            frame = frame.f_back
        importer = str(frame.f_globals.get("__name__", "")) if frame is not None else ""
        if importer.partition(".")[0] in self.importers:
            raise ModuleNotFoundError(f"No module named {fullname!r} (refused to {importer})", name=fullname)
        return None


IMPORT_MACHINERY = ("importlib", "_frozen_importlib")
_refused: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()


def refuse_imports(names: tuple[str, ...], importers: tuple[str, ...]) -> None:
    """From now on, code of the ``importers`` packages cannot import ``names`` (top-level packages) unless
    they are already imported: for an optional dependency that a library imports at its own import if it is
    installed, that this project never uses through that library, and that another library needs installed.
    Any other code imports them as usual, in any thread. Once per (names, importers) per process."""
    with DeferredModule._lock:
        if (names, importers) in _refused:
            return
        _refused.add((names, importers))
        sys.meta_path.insert(0, _Refused(names, importers))


def peak_rss_mb() -> float | None:
    """The peak resident memory of this process so far, in MB (None where the platform does not say).

    Linux: the high-water mark of the process's own memory (``VmHWM``). Not ``getrusage``: its maximum
    survives ``exec``, so a process started by a large one (a flow run by `dnw serve`, a worker by a run)
    would report its parent's size as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
