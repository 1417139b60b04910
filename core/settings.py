"""Run settings, validated with one-line error messages.

Settings are resolved in this order: command-line flags, then ``DNW_*`` environment variables, then defaults.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from core.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Everything a run needs besides the feed list. Timeouts are in seconds."""

    warehouse: Path = Path("data/warehouse.duckdb")
    data_dir: Path = Path("data")
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    concurrency: int = 16
    per_host_concurrency: int = 2
    max_body_bytes: int = 10 * 1024 * 1024
    user_agent: str = field(default="")
    fail_on: tuple[str, ...] = ()  # warning rules that fail the run (schemas.suites.check_rule_names)
    data_docs: bool = True  # render great-expectations Data Docs under <data dir>/quality/data_docs
    seeds_dir: Path | None = None  # reference CSVs to use instead of the bundled warehouse/seeds
    lock_timeout: float = 600.0  # wait this long for another run's writer lock, then give up
    busy_timeout: float = 300.0  # retry the load this long while a reader holds the live file
    publish: bool = True  # export Parquet and the snapshot after every load (else: the publish flow only)
    keep_days: int = 90  # landing-zone retention applied by the maintenance flow
    # processes that parse bodies once a run has 8 MB of new ones (sources/parsing.py); 0 = one per core this
    # process may use; 1 also keeps the money and deal extraction of large batches in the run's process
    # (flows/fact_worker.py)
    parse_workers: int = 0
    deals: bool = True  # extract deal facts (off only to measure what they cost)
    # Scale-out (flows/shards.py): the due feeds split by host into this many shards, each fetched, parsed
    # and normalized by its own flow run; with a work pool those runs go to the pool's workers (any machine
    # that reaches the same data dir), without one they run one after another in this process.
    shards: int = 1
    work_pool: str = ""  # a Prefect work pool for the shard runs ("" = none: in-process)
    shard_stall: float = 120.0  # a running shard silent this long is taken for dead and submitted again

    @property
    def landing_dir(self) -> Path:
        """Where raw payloads land before parsing."""
        return self.data_dir / "landing"

    @property
    def exports_dir(self) -> Path:
        """Parquet files of the marts, replaced after each load."""
        return self.data_dir / "exports"

    @property
    def snapshot(self) -> Path:
        """Read-only copy of the warehouse for BI tools and `dnw sql` (DuckDB 1.x-readable storage)."""
        return self.data_dir / "snapshot" / "warehouse.duckdb"

    @property
    def reports_dir(self) -> Path:
        """The HTML report of the latest publish (latest.html) and one dated copy per day."""
        return self.data_dir / "reports"

    @property
    def data_docs_dir(self) -> Path | None:
        """Where great-expectations Data Docs are written (None when switched off)."""
        return self.data_dir / "quality" / "data_docs" if self.data_docs else None


def _names(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(sorted({item.strip() for item in items if item.strip()}))


def _flag(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


ENV_PREFIX = "DNW_"
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "warehouse": Path,
    "data_dir": Path,
    "connect_timeout": float,
    "read_timeout": float,
    "total_timeout": float,
    "concurrency": int,
    "per_host_concurrency": int,
    "max_body_bytes": int,
    "user_agent": str,
    "fail_on": _names,
    "seeds_dir": Path,
    "data_docs": _flag,
    "lock_timeout": float,
    "busy_timeout": float,
    "publish": _flag,
    "keep_days": int,
    "parse_workers": int,
    "deals": _flag,
    "shards": int,
    "work_pool": str,
    "shard_stall": float,
}


def resolve_settings(flags: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Settings:
    """Merge command-line flags (None = not given) over ``DNW_*`` variables over defaults."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        convert = _CONVERTERS[f.name]
        flag = flags.get(f.name)
        if flag is not None:
            values[f.name] = convert(flag)
            continue
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None and raw != "":
            try:
                values[f.name] = convert(raw)
            except ValueError:
                kind = getattr(convert, "__name__", "value")
                raise ConfigError(f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a valid {kind}") from None
    settings = replace(Settings(), **values)
    if "data_dir" in values and "warehouse" not in values:
        # A data dir given without a warehouse path keeps the warehouse inside it.
        settings = replace(settings, warehouse=settings.data_dir / "warehouse.duckdb")
    for name in ("connect_timeout", "read_timeout", "total_timeout"):
        if getattr(settings, name) <= 0:
            raise ConfigError(f"{name} must be positive")
    for name in ("lock_timeout", "busy_timeout", "keep_days", "parse_workers"):
        if getattr(settings, name) < 0:
            raise ConfigError(f"{name} must be 0 or more")
    if settings.concurrency < 1 or settings.per_host_concurrency < 1:
        raise ConfigError("concurrency limits must be at least 1")
    if settings.shards < 1:
        raise ConfigError("shards must be at least 1")
    if settings.shard_stall <= 0:
        raise ConfigError("shard_stall must be positive")
    return settings


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as ``DNW_*`` variables (paths made absolute): what `dnw serve` hands to the flow runs it
    starts in child processes. Nothing else exports settings to the environment."""
    env: dict[str, str] = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if value is None:
            continue
        if isinstance(value, Path):
            text = str(value.resolve())
        elif isinstance(value, bool):
            text = str(value).lower()
        elif isinstance(value, tuple):
            text = ",".join(value)
        else:
            text = str(value)
        env[ENV_PREFIX + f.name.upper()] = text
    return env
