"""Live progress of long work, on an interactive terminal only.

The flows report what they are doing (the stage, feeds fetched n/N, entries parsed and loaded) to the sink
installed here; by default the sink does nothing, so cron, systemd, CI and pipes see no extra output. The
commands people watch (`dnw run`, `demo`, `replay`, `publish`, `quarantine retry`) install a live line on
standard error with :func:`terminal_progress` when it is a terminal; it disappears when the work is done, so
the final report reads as before. The line is drawn by rich (it comes with Prefect).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


class _Sink:
    """What the flows report to; this one shows nothing."""

    def stage(self, name: str) -> None:
        """A stage begins (fetch, parse, validate, ...)."""

    def count(self, what: str, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` (None: no total) ``what`` so far."""


class _Live(_Sink):
    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.live import Live

        self._began = time.monotonic()
        self._stage = "starting"
        self._counts: dict[str, str] = {}
        self._lock = threading.Lock()
        self._live = Live(
            get_renderable=self._line, console=Console(file=stream), transient=True, refresh_per_second=4
        )

    def _line(self) -> Any:
        from rich.text import Text

        with self._lock:
            counts = "  ".join(f"{what} {figure}" for what, figure in self._counts.items())
            return Text(f"{self._stage:<10} {counts}  {time.monotonic() - self._began:5.1f} s", style="dim")

    def stage(self, name: str) -> None:
        with self._lock:
            self._stage = name

    def count(self, what: str, done: int, total: int | None = None) -> None:
        with self._lock:
            self._counts[what] = f"{done:,}/{total:,}" if total is not None else f"{done:,}"

    def __enter__(self) -> _Live:
        self._live.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._live.stop()


_sink: _Sink = _Sink()


def stage(name: str) -> None:
    """Report that a stage begins."""
    _sink.stage(name)


def count(what: str, done: int, total: int | None = None) -> None:
    """Report a running count (feeds fetched 12/40, entries parsed 950)."""
    _sink.count(what, done, total)


@contextmanager
def terminal_progress(stream: TextIO | None = None) -> Iterator[None]:
    """Show live progress on ``stream`` (standard error) while the block runs, if it is a terminal."""
    global _sink
    target = stream or sys.stderr
    if not target.isatty():
        yield
        return
    previous = _sink
    with _Live(target) as live:
        _sink = live
        try:
            yield
        finally:
            _sink = previous
