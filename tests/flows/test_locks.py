"""One writer, and readers that hold the live file: real processes holding real locks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from core.feeds import Feed
from core.settings import Settings
from flows.ingest import ingest
from tests.flows.test_ingest_e2e import rss
from warehouse.lock import WarehouseBusy, lock_path, writer_lock

DNW = Path(sys.executable).with_name("dnw")


@contextmanager
def process(code: str) -> Iterator[subprocess.Popen[str]]:
    """A Python child that prints "ready" once it holds what ``code`` takes; killed (SIGKILL) on exit."""
    child = subprocess.Popen(
        [sys.executable, "-c", code + "\nprint('ready', flush=True)\nimport time; time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        yield child
    finally:
        child.kill()
        child.wait()


def wait_for(marker: Path, child: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Until ``child`` has created ``marker`` (it holds what it should); fails if it exits first or is late."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert child.poll() is None, f"the child exited ({child.returncode}) before it was ready"
        assert time.monotonic() < deadline, f"the child was not ready within {timeout} s"
        time.sleep(0.02)


def hold_writer_lock(warehouse: Path) -> str:
    return (
        "from pathlib import Path; from warehouse.lock import writer_lock\n"
        f"lock = writer_lock(Path({str(warehouse)!r}), timeout=5, command='nightly-maintenance-test')\n"
        "lock.__enter__()"
    )


def hold_reader(warehouse: Path) -> str:
    return f"import duckdb; con = duckdb.connect({str(warehouse)!r}, read_only=True)"


def items(numbers: range) -> list[dict[str, str]]:
    return [
        {"title": f"Poland orders K2 tanks, batch {n}", "link": f"https://alpha.example/k2/{n}",
         "guid": f"k2-{n}", "summary": f"Batch {n} of the Hyundai Rotem K2 order."}
        for n in numbers
    ]  # fmt: skip


def artifacts() -> list[str]:
    """Markdown of every ingest-summary artifact in the Prefect test harness."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-summary"]))
        )
    return [str(a.data) for a in found]


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    base = Settings(
        warehouse=tmp_path / "data" / "warehouse.duckdb", data_dir=tmp_path / "data", data_docs=False
    )
    return Settings(**{**base.__dict__, **overrides})


def urls(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return sorted(row[0] for row in con.execute("select url from marts.articles").fetchall())


def test_writer_lock_is_exclusive_names_its_holder_and_dies_with_it(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with process(hold_writer_lock(warehouse)) as holder:
        began = time.monotonic()
        with pytest.raises(WarehouseBusy) as busy, writer_lock(warehouse, timeout=0.6, poll=0.1):
            pass
        assert time.monotonic() - began >= 0.6
        assert f"PID {holder.pid}" in str(busy.value)
        assert "nightly-maintenance-test" in str(busy.value)
    # SIGKILLed holder: the kernel dropped its lock; no stale lock to clean up
    with writer_lock(warehouse, timeout=0.1):
        assert str(os.getpid()) in lock_path(warehouse).read_text()


@pytest.mark.usefixtures("prefect_harness")
def test_second_run_waits_for_the_writer_then_exits_without_fetching(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    (feed_dir / "alpha.xml").write_text(rss("alpha.example", items(range(1, 4))))
    settings = settings_for(tmp_path, lock_timeout=1.0)
    feeds = [Feed("alpha", f"{feed_server}/alpha.xml", "Alpha")]
    with process(hold_writer_lock(settings.warehouse)) as holder, pytest.raises(WarehouseBusy) as busy:
        ingest(feeds, settings)
    assert f"PID {holder.pid}" in str(busy.value)
    assert "fetched nothing" in str(busy.value)
    assert not (settings.landing_dir / "fetches").exists()
    assert ingest(feeds, settings).entries_new == 3  # the holder is gone: the next run goes ahead


@pytest.mark.usefixtures("prefect_harness")
def test_reader_holding_the_live_file_defers_the_load_and_the_next_run_loses_nothing(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    feed = feed_dir / "alpha.xml"
    feeds = [Feed("alpha", f"{feed_server}/alpha.xml", "Alpha")]
    settings = settings_for(tmp_path, busy_timeout=2.0)
    feed.write_text(rss("alpha.example", items(range(1, 4))))
    assert ingest(feeds, settings).entries_new == 3

    feed.write_text(rss("alpha.example", items(range(4, 7))))  # items 1-3 rolled off
    with process(hold_reader(settings.warehouse)) as reader, pytest.raises(WarehouseBusy) as busy:
        ingest(feeds, settings, all_feeds=True)
    message = str(busy.value)
    assert f"PID {reader.pid}" in message
    assert "landed" in message
    assert "next run loads them" in message
    pending = list((settings.landing_dir / "pending").glob("*.json"))
    assert len(pending) == 1
    assert any(pending[0].stem in text and "gave up after" in text for text in artifacts())  # shown in the UI

    feed.write_text(rss("alpha.example", items(range(7, 10))))  # and 4-6 rolled off before the next run
    summary = ingest(feeds, settings, all_feeds=True)
    assert [run.run_id for run in summary.recovered] == [pending[0].stem]
    assert summary.recovered[0].entries_new == 3
    assert summary.recovered[0].reconciled
    assert summary.entries_new == 3
    assert urls(settings.warehouse) == sorted(f"https://alpha.example/k2/{n}" for n in range(1, 10))
    assert not list((settings.landing_dir / "pending").glob("*.json"))


@pytest.mark.usefixtures("prefect_harness")
def test_reader_leaving_within_the_busy_timeout_only_delays_the_load(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    feed = feed_dir / "alpha.xml"
    feeds = [Feed("alpha", f"{feed_server}/alpha.xml", "Alpha")]
    settings = settings_for(tmp_path, busy_timeout=60.0)
    feed.write_text(rss("alpha.example", items(range(1, 4))))
    ingest(feeds, settings)
    feed.write_text(rss("alpha.example", items(range(1, 7))))
    opened = tmp_path / "reader-ready"  # touched by the reader once it has the file open
    reader = subprocess.Popen(
        [sys.executable, "-c", hold_reader(settings.warehouse)
         + f"\nfrom pathlib import Path; Path({str(opened)!r}).touch()\nimport time; time.sleep(3)"]
    )  # fmt: skip
    try:
        wait_for(opened, reader)
        began = time.monotonic()
        summary = ingest(feeds, settings, all_feeds=True)
        waited = time.monotonic() - began
    finally:
        reader.wait()
    assert summary.status == "ok"
    assert summary.entries_new == 3
    assert waited > 1.0
    assert any("held open by" in line for line in summary.notes)  # planned from the snapshot


@pytest.mark.server
def test_cli_run_while_another_writer_holds_the_lock_exits_1_with_one_line(
    tmp_path: Path, prefect_server: dict[str, str]
) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feeds]]\nname = "alpha"\nurl = "http://127.0.0.1:9/alpha.xml"\npublisher = "Alpha"\n')
    data = tmp_path / "data"
    with process(hold_writer_lock(data / "warehouse.duckdb")) as holder:
        result = subprocess.run(
            [str(DNW), "run", "--feeds", str(feeds), "--data-dir", str(data), "--lock-timeout", "1"],
            env={**os.environ, **prefect_server}, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dnw: warehouse busy: another run is writing")
    assert f"PID {holder.pid}" in lines[0]
