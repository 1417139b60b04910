"""A validation service for `dnw serve`: one process that keeps great-expectations imported and runs the
suites of every flow run that `serve` starts.

Each scheduled ingest is a new process (Prefect's runner starts one per flow run). Importing
great-expectations costs it about 2 s of CPU (pandas, sqlalchemy, ...) and 150 MB, every 15 minutes,
for a validation that then takes a second. So `dnw serve` starts this service once ("spawn", like the fact
worker) and tells its flow runs where it listens (``DNW_VALIDATOR``, a Unix socket in a private folder, and
``DNW_VALIDATOR_KEY``, the key a client must know); a flow run sends the checked columns of each frame
(polars, as Arrow IPC) and gets the verdict back (schemas.validate.Verdict); the Data Docs are rendered in
the service too. Everything else about validation stays as it is in schemas/validate.py.

Nothing depends on it: without the variables (`dnw run`, tests, a Prefect worker) or when the service
cannot be reached, the flow run validates in its own process, as before.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from multiprocessing import AuthenticationError, get_context
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl

from core.errors import SuiteError
from schemas import validate

ADDRESS_ENV = "DNW_VALIDATOR"
KEY_ENV = "DNW_VALIDATOR_KEY"
CONNECT_SECONDS = 10.0  # how long a flow run waits for a service still starting
REPLY_SECONDS = 900.0  # a verdict not back by then: the service is stuck, validate here instead
logger = logging.getLogger(__name__)


def _serve(address: str, authkey: bytes, parent: int) -> None:
    """The service's process: listen at ``address``, import great-expectations, answer every client (one
    thread each, one request at a time: great-expectations is not used from two threads at once); exit when
    the parent process is gone."""
    # stopped by SIGTERM: exit through Python, so that multiprocessing's own clean-up runs (without it, a
    # lock that an import of great-expectations created is reported as leaked when `dnw serve` stops)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    listener = Listener(address, family="AF_UNIX", authkey=authkey)
    validate.warm_up()
    lock = threading.Lock()

    def orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(2.0)
        os._exit(0)

    threading.Thread(target=orphaned, name="parent-watch", daemon=True).start()
    while True:
        try:
            connection = listener.accept()
        except (OSError, EOFError, AuthenticationError):
            continue  # a client that went away or did not know the key
        threading.Thread(target=_session, args=(connection, lock), name="session", daemon=True).start()


def _session(connection: Connection, lock: threading.Lock) -> None:
    with connection:
        while True:
            try:
                kind, args = connection.recv()
            except (EOFError, OSError):
                return
            try:
                with lock:
                    value: Any = None
                    if kind == "check":
                        value = validate.check_columns(*args)
                    elif kind == "render":
                        validate.render_data_docs()
                    elif kind == "wait":
                        validate.wait_for_data_docs()
                    else:
                        raise ValueError(f"unknown request {kind!r}")
                reply: tuple[Any, ...] = ("ok", value)
            except Exception as exc:  # the client raises it again; the service goes on
                reply = ("error", type(exc).__name__, str(exc))
            connection.send(reply)


class ServiceClient:
    """schemas.validate.ValidationClient over a connection to the service (opened at the first request)."""

    def __init__(self, address: str, authkey: bytes) -> None:
        self._address = address
        self._authkey = authkey
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> Connection:
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                return Client(self._address, family="AF_UNIX", authkey=self._authkey)
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # the service is starting: its socket is not there yet

    def _call(self, kind: str, *args: Any) -> Any:
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._connect()
                self._connection.send((kind, args))
                if not self._connection.poll(REPLY_SECONDS):
                    raise TimeoutError(f"no answer in {REPLY_SECONDS:g} s")
                reply = self._connection.recv()
            except (OSError, EOFError, AuthenticationError) as exc:
                self.close()
                raise ConnectionError(f"{type(exc).__name__}: {exc}") from exc
        if reply[0] == "error":
            _, name, message = reply
            if name == SuiteError.__name__:
                raise SuiteError(message)
            raise RuntimeError(f"validation service: {name}: {message}")
        return reply[1]

    def check(
        self, frame: pl.DataFrame, suite_name: str, parameters: dict[str, Any], docs_dir: str | None
    ) -> validate.Verdict:
        verdict: validate.Verdict = self._call("check", frame, suite_name, parameters, docs_dir)
        return verdict

    def render(self) -> None:
        self._call("render")

    def wait(self) -> None:
        self._call("wait")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def use_service_from_environment() -> bool:
    """Validate through the service that ``DNW_VALIDATOR`` names, if any; True when one is named."""
    address, key = os.environ.get(ADDRESS_ENV), os.environ.get(KEY_ENV)
    if not address or not key:
        return False
    validate.use_service(ServiceClient(address, bytes.fromhex(key)))
    return True


class ValidationService:
    """The service's process, started on entering (its address and key exported to ``os.environ`` for the
    processes started meanwhile) and stopped on exit."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="dnw-validator-"))  # mode 0700: only this user
        self.address = str(self._folder / "socket")
        self._authkey = secrets.token_bytes(32)
        self._process = get_context("spawn").Process(
            target=_serve, args=(self.address, self._authkey, os.getpid()), name="dnw-validator", daemon=True
        )

    def __enter__(self) -> ValidationService:
        self._process.start()
        os.environ[ADDRESS_ENV] = self.address
        os.environ[KEY_ENV] = self._authkey.hex()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        os.environ.pop(ADDRESS_ENV, None)
        os.environ.pop(KEY_ENV, None)
        self._process.terminate()
        self._process.join(timeout=10)
        shutil.rmtree(self._folder, ignore_errors=True)
