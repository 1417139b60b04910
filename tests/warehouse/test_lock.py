"""Reading DuckDB's lock errors, retrying with backoff, and planning without the live file."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.load import read_state
from warehouse.lock import WarehouseBusy, lock_holder, retry_while_locked

LOCKED = duckdb.IOException(
    'IO Error: Could not set lock on file "/srv/dnw/warehouse.duckdb": Conflicting lock is held in '
    "/usr/local/bin/duckdb (PID 4242) by user analyst. See also https://duckdb.org/docs/current/connect/concurrency"
)


def test_lock_holder_names_the_program_and_pid_and_ignores_other_errors() -> None:
    assert lock_holder(LOCKED) == "/usr/local/bin/duckdb (PID 4242)"
    assert lock_holder(duckdb.IOException("IO Error: No space left on device")) is None
    assert lock_holder(ValueError("Could not set lock")) is None


def test_retry_backs_off_until_the_reader_leaves() -> None:
    attempts: list[int] = []
    waits: list[float] = []

    def load() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise LOCKED
        return "loaded"

    result = retry_while_locked(load, timeout=10, on_wait=lambda _who, s: waits.append(s), first_delay=0.01)
    assert result == "loaded"
    assert waits == [0.01, 0.02]  # doubling


def test_retry_gives_up_after_the_timeout_naming_the_holder() -> None:
    def load() -> None:
        raise LOCKED

    with pytest.raises(WarehouseBusy, match=r"held open by /usr/local/bin/duckdb \(PID 4242\)") as busy:
        retry_while_locked(load, timeout=0.05, first_delay=0.01)
    assert busy.value.holder == "/usr/local/bin/duckdb (PID 4242)"


def test_other_errors_are_not_retried() -> None:
    calls = []

    def load() -> None:
        calls.append(1)
        raise duckdb.IOException("IO Error: No space left on device")

    with pytest.raises(duckdb.IOException, match="No space left"):
        retry_while_locked(load, timeout=10)
    assert calls == [1]


def test_state_of_a_new_warehouse_without_any_file() -> None:
    state, history = read_state(None)
    assert state.height == 0
    assert history.height == 0
    assert {"feed", "etag", "last_modified", "next_check_at", "state"} <= set(state.columns)
    assert set(history.columns) == {"feed", "usual_entries"}
