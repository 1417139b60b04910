"""Who may open the live warehouse file: one writer at a time, and what to do when a reader holds it.

Two different locks meet here:

* The **writer lock** is ours: an exclusive ``flock`` on ``<warehouse>.lock`` held for a whole run, so two
  runs (a scheduled one and a manual ``dnw run``, or two schedulers) never write at the same time. The file
  names its holder (pid, host, command, since) for the message the waiting run prints. The kernel releases
  the lock when the holder dies, even by SIGKILL, so a crash never leaves a stale lock behind.
* **DuckDB's file lock**: while any other process has the file open, even read-only, DuckDB refuses to open
  it for writing ("Could not set lock on file ... Conflicting lock is held in <program> (PID n)").
  :func:`lock_holder` turns that error into the holder's description; callers retry with backoff.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from core.errors import WarehouseBusy

T = TypeVar("T")
_HOLDER_RE = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


@dataclass(frozen=True)
class Holder:
    """The process holding the writer lock, as it described itself."""

    pid: int
    host: str
    command: str
    since: str

    def describe(self) -> str:
        """One line for messages."""
        return f"PID {self.pid} on {self.host} ({self.command}) since {self.since}"


def lock_path(warehouse: Path) -> Path:
    """The lock file beside the warehouse file."""
    return warehouse.with_name(warehouse.name + ".lock")


def read_holder(warehouse: Path) -> Holder | None:
    """Who holds (or last held) the writer lock; None when nobody wrote the file yet."""
    try:
        data = json.loads(lock_path(warehouse).read_text(encoding="utf-8") or "{}")
        return Holder(int(data["pid"]), str(data["host"]), str(data["command"]), str(data["since"]))
    except (OSError, ValueError, KeyError):
        return None


@contextmanager
def writer_lock(
    warehouse: Path, timeout: float, poll: float = 0.5, command: str | None = None
) -> Iterator[None]:
    """Hold the warehouse's writer lock; wait up to ``timeout`` seconds for it, then raise WarehouseBusy."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = read_holder(warehouse)
                    who = holder.describe() if holder else "another process"
                    raise WarehouseBusy(
                        f"another run is writing {warehouse}: {who}; waited {timeout:g} s "
                        "(this run fetched nothing; the next scheduled run will)",
                        who,
                    ) from None
                time.sleep(poll)
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command
            or " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv)),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def lock_holder(error: BaseException) -> str | None:
    """The process named by DuckDB's "Could not set lock" error, or None if this is another error."""
    if not isinstance(error, duckdb.IOException):
        return None
    text = str(error)
    if "Could not set lock" not in text:
        return None
    match = _HOLDER_RE.search(text)
    return f"{match['program']} (PID {match['pid']})" if match else "another process"


def retry_while_locked(
    call: Callable[[], T],
    timeout: float,
    on_wait: Callable[[str, float], None] | None = None,
    first_delay: float = 1.0,
    max_delay: float = 30.0,
) -> T:
    """Run ``call``; while DuckDB says another process holds the file, back off (doubling) and try again.

    After ``timeout`` seconds raise WarehouseBusy naming the holder. Other errors pass through at once.
    """
    deadline = time.monotonic() + timeout
    delay = first_delay
    while True:
        try:
            return call()
        except duckdb.IOException as exc:
            holder = lock_holder(exc)
            if holder is None:
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise WarehouseBusy(f"the warehouse file is held open by {holder}", holder) from None
            wait = min(delay, left, max_delay)
            if on_wait:
                on_wait(holder, wait)
            time.sleep(wait)
            delay *= 2
