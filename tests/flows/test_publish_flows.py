"""The publish and maintenance flows as `dnw publish`, the hourly deployment and the nightly one run them."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.settings import Settings
from flows.publish import maintenance, scheduled_publish
from warehouse.db import connect, prepare

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _settings(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    return Settings(warehouse=data / "warehouse.duckdb", data_dir=data, data_docs=False, busy_timeout=5)


def _record_run(warehouse: Path, run_id: str, finished_at: datetime) -> None:
    with connect(warehouse) as con:
        con.execute(
            "insert into ops.pipeline_runs (run_id, started_at, finished_at, status, pipeline_version) "
            "values (?, ?, ?, 'ok', 'test')",
            [run_id, finished_at - timedelta(seconds=5), finished_at],
        )


def test_publish_skips_without_a_warehouse(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    result = scheduled_publish(settings=settings)
    assert result.published is None
    assert result.skipped == f"no warehouse at {settings.warehouse} yet"


def test_publish_then_skip_when_up_to_date_then_force_and_a_new_run(tmp_path: Path) -> None:
    """The hourly publish skips while the exports are newer than the last run; force and new runs publish."""
    settings = _settings(tmp_path)
    prepare(settings.warehouse)
    _record_run(settings.warehouse, "r1", datetime.now(UTC) - timedelta(hours=1))

    first = scheduled_publish(settings=settings)
    assert first.skipped is None
    assert first.published is not None
    assert first.published.snapshot == settings.snapshot
    assert settings.snapshot.exists()
    assert (settings.exports_dir / "feed_health.parquet").exists()
    assert first.published.full  # the first publish: everything

    second = scheduled_publish(settings=settings)
    assert second.published is None
    assert second.skipped is not None
    assert second.skipped.endswith("after the last run: up to date")

    forced = scheduled_publish(force=True, settings=settings)
    assert forced.published is not None
    assert not forced.published.full  # nothing changed: no month rewritten

    _record_run(settings.warehouse, "r2", datetime.now(UTC) + timedelta(minutes=1))
    after_run = scheduled_publish(settings=settings)
    assert after_run.published is not None


def test_maintenance_checkpoints_and_prunes_only_old_payloads(tmp_path: Path) -> None:
    settings = replace(_settings(tmp_path), keep_days=30)
    prepare(settings.warehouse)
    landing = settings.landing_dir
    now = datetime.now(UTC)
    for run_id, age_days, body in (("old", 40, b"<rss>old</rss>"), ("new", 1, b"<rss>new</rss>")):
        started = now - timedelta(days=age_days)
        rel = f"bodies/{run_id}.xml.gz"
        (landing / "bodies").mkdir(parents=True, exist_ok=True)
        (landing / rel).write_bytes(gzip.compress(body))
        folder = landing / "fetches" / f"{started:%Y-%m-%d}" / run_id
        folder.mkdir(parents=True)
        manifest = {"fetch_id": f"f-{run_id}", "run_id": run_id, "started_at": started.isoformat(),
                    "landing_path": rel}  # fmt: skip
        (folder / f"f-{run_id}.json").write_text(json.dumps(manifest), encoding="utf-8")

    result = maintenance(settings=settings)
    assert (result.keep_days, result.manifests_deleted, result.bodies_deleted) == (30, 1, 1)
    assert not (landing / "bodies" / "old.xml.gz").exists()
    assert (landing / "bodies" / "new.xml.gz").exists()
    assert not settings.warehouse.with_name("warehouse.duckdb.wal").exists()

    assert maintenance(keep_days=0, settings=settings).manifests_deleted == 1
