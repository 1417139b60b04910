"""Shared fixtures: offline runtime, one Prefect test harness per session, loopback feed servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.runtime import configure_environment

configure_environment()
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API and database for the whole session (started once: it costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
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
    from flows.demo import serve_directory

    with serve_directory(feed_dir) as base_url:
        yield base_url


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real-world feeds (read-only)."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found beside the project at {CORPUS}")
    return CORPUS
