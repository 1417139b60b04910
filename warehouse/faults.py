"""Crash-test hook: ``DNW_FAULT_POINT=<name>`` kills the process with SIGKILL when it reaches that point.

Used by tests/flows/test_crash.py to prove that a crash anywhere loses and duplicates nothing. Without the
variable (always, outside that test) :func:`point` does nothing but compare two strings.
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "run_started",  # writer lock held, pending marker written, nothing fetched
    "fetch_mid",  # some bodies landed, others not fetched yet
    "fetch_done",  # every body landed, nothing parsed
    "parsed",  # entries parsed, nothing validated
    "validated",  # facts extracted and validated, load not started
    "load_begin",  # inside the load transaction, nothing written
    "load_mid",  # inside the load transaction, articles merged, facts not yet
    "load_before_commit",  # inside the load transaction, everything written but the commit
    "load_committed",  # load committed, pending marker still present
    "publish_parquet",  # a Parquet export written to its temporary name, not renamed
    "publish_snapshot",  # the snapshot half written under its temporary name
    "published",  # exports and snapshot in place, run not yet reported
)


def point(name: str) -> None:
    """Die here (SIGKILL, no cleanup) if the crash test asked for this point."""
    if os.environ.get("DNW_FAULT_POINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
