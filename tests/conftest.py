"""Shared fixtures: offline runtime, one Prefect test harness per session, loopback feed servers.

Tests run with a clean environment (no DNW_* variable, no PREFECT_API_URL from the developer's shell), keep
no Hypothesis database in the working tree, and need the shared corpus in CI (``require_corpus``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.runtime import configure_environment

configure_environment()
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"


def _hypothesis_outside_the_working_tree() -> None:
    """Hypothesis would keep its example database and caches in .hypothesis/ of the current directory (the
    working tree): no database, and the caches (literal constants, Unicode tables; written while pytest
    collects, before any fixture) go to the temporary directory unless HYPOTHESIS_STORAGE_DIRECTORY is set.
    Tests never fail on wall-clock time: no deadline per example and no health check on how fast inputs are
    generated (a one-second stall of a loaded machine while drawing a URL failed a property test once)."""
    import tempfile

    from hypothesis import HealthCheck, settings
    from hypothesis.configuration import set_hypothesis_home_dir

    settings.register_profile(
        "dnw-tests", database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("dnw-tests")
    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "dnw-tests-hypothesis")


_hypothesis_outside_the_working_tree()

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"

# Variables of the developer's shell that would point tests (and the processes they start) at real files
# or a real Prefect server.
LEAKY_PREFIXES = ("DNW_",)
LEAKY_NAMES = ("PREFECT_API_URL",)


def _leaky(name: str) -> bool:
    return name.startswith(LEAKY_PREFIXES) or name in LEAKY_NAMES


def in_ci() -> bool:
    """True when the ``CI`` variable is set (to anything but empty, "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def require_corpus(*parts: str) -> Path:
    """The shared corpus beside the project (or a path inside it), read-only.

    Missing: the test is skipped on a developer's machine and fails in CI, where the corpus is always laid
    out, so that a test that needs it can never pass there by not running.
    """
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        message = f"shared corpus not found beside the project at {path}"
        if in_ci():
            pytest.fail(f"{message} (CI is set: the corpus is required)")
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop every DNW_* variable and PREFECT_API_URL, for the test and for every process it starts."""
    for name in [n for n in os.environ if _leaky(n)]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API and database for the whole session (started once: it costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    from core.runtime import without_flow_heartbeat

    with without_flow_heartbeat(), prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    """An empty folder whose files a loopback server will serve."""
    path = tmp_path / "served"
    path.mkdir()
    return path


@pytest.fixture
def feed_server(feed_dir: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving ``feed_dir``; yields its base URL."""
    from sources.loopback import serve_directory

    with serve_directory(feed_dir) as base_url:
        yield base_url


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real-world feeds (read-only); skipped without it, failed in CI."""
    return require_corpus()


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real `dnw prefect-server` (`prefect server start`) on a free loopback port with a temporary PREFECT_HOME (SQLite).

    Yields the environment variables a client process needs (PREFECT_API_URL, PREFECT_HOME). The
    scheduler loops every second so that short test schedules produce runs quickly.
    """
    with running_prefect_server(tmp_path_factory.mktemp("prefect-home")) as env:
        yield env


@contextmanager
def running_prefect_server(
    home: Path, extra: dict[str, str] | None = None, ui: bool = False
) -> Iterator[dict[str, str]]:
    """`dnw prefect-server` (`prefect server start`) on a free loopback port with PREFECT_HOME ``home`` and the
    ``extra`` server variables (a PostgreSQL connection URL, say); yields the client's variables and stops it
    afterwards."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # may be set up before the per-test clean_environment: filter the same variables here
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_") and not _leaky(k)}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="1",
        PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS="1",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
        **(extra or {}),
    )
    if ui:  # as a shell without dnw's own quiet defaults starts it
        for key in ("PREFECT_UI_ENABLED", "PREFECT_SERVER_UI_ENABLED", "PREFECT_LOGGING_LEVEL"):
            env.pop(key, None)
    log = (home / "server.log").open("wb")
    dnw = Path(sys.executable).with_name("dnw")  # `prefect server start` as the shipped unit runs it
    server = subprocess.Popen(
        [str(dnw), "prefect-server", "--host", "127.0.0.1", "--port", str(port), *["--no-ui"] * (not ui)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    began = time.monotonic()
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() - began > 120:
                raise RuntimeError(f"prefect server did not start; see {home / 'server.log'}")
            time.sleep(0.3)
        yield {"PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
