"""The publish and maintenance flows (hourly and nightly on a server; `dnw publish`, `dnw maintenance`)."""

from __future__ import annotations

from dataclasses import dataclass

from prefect import get_run_logger

from core.clock import utcnow
from core.errors import ConfigError
from core.settings import Settings
from flows.parameters import flow
from flows.pipeline import run_settings
from flows.tasks import publish_with_report
from sources.landing import prune
from warehouse import db
from warehouse.lock import retry_while_locked, writer_lock
from warehouse.publish import Published, published_at


@dataclass(frozen=True)
class PublishResult:
    """What the publish flow did: published, or skipped and why."""

    published: Published | None
    skipped: str | None = None


@dataclass(frozen=True)
class MaintenanceResult:
    """What the maintenance flow deleted from the landing zone."""

    keep_days: int
    manifests_deleted: int
    bodies_deleted: int


@flow(name="dnw-publish", log_prints=False, validate_parameters=False)
def scheduled_publish(force: bool = False, settings: Settings | None = None) -> PublishResult:
    """Refresh the mart views, export Parquet and write the snapshot (holding the writer lock).

    Skipped when the published files are newer than the last run's end (ingest publishes after each load
    unless DNW_PUBLISH=false), unless ``force``.
    """
    settings = run_settings(settings)
    if not settings.warehouse.exists():
        return PublishResult(None, f"no warehouse at {settings.warehouse} yet")
    with writer_lock(settings.warehouse, settings.lock_timeout):

        def refresh_and_publish() -> PublishResult:
            with db.connect(settings.warehouse) as con:
                db.migrate(con)  # a publish right after an upgrade needs the change bookkeeping
                db.refresh_models(con)
                last_run = con.execute(db.sql_text("select_last_run_finished")).fetchone()
            published = published_at(settings.exports_dir)
            if not force and published and last_run and last_run[0] and published >= last_run[0]:
                return PublishResult(
                    None, f"published at {published.isoformat()}, after the last run: up to date"
                )
            return PublishResult(publish_with_report(settings, None))

        result = retry_while_locked(refresh_and_publish, settings.busy_timeout)
    get_run_logger().info("publish: %s", result.skipped or result.published)
    return result


@flow(name="dnw-maintenance", log_prints=False, validate_parameters=False)
def maintenance(keep_days: int | None = None, settings: Settings | None = None) -> MaintenanceResult:
    """CHECKPOINT the warehouse (folds the WAL into the file) and delete landed payloads past retention."""
    settings = run_settings(settings)
    days = settings.keep_days if keep_days is None else keep_days
    if days < 0:
        raise ConfigError("keep_days must be 0 or more")
    with writer_lock(settings.warehouse, settings.lock_timeout):
        if settings.warehouse.exists():
            retry_while_locked(lambda: db.checkpoint(settings.warehouse), settings.busy_timeout)
        manifests, bodies = prune(settings.landing_dir, days, utcnow())
    result = MaintenanceResult(days, manifests, bodies)
    get_run_logger().info("maintenance: %s", result)
    return result
