"""Feeds file (TOML) and run settings, validated with one-line error messages.

Settings are resolved in this order: command-line flags, then ``DNW_*`` environment variables, then defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A feeds file or setting is unusable; the message is one line meant for the user."""


FEED_KEYS = {"name", "url", "publisher", "language", "tags", "enabled"}
REQUIRED_FEED_KEYS = ("name", "url", "publisher")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Feed:
    """One subscribed feed as declared in the feeds file."""

    name: str
    url: str
    publisher: str
    language: str | None = None
    tags: tuple[str, ...] = ()
    enabled: bool = True


def _check_url(url: str, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where}: url must be an absolute http(s) URL, got {url!r}")


def parse_feeds(text: str, source: str = "feeds file", base_url: str | None = None) -> list[Feed]:
    """Parse and validate the text of a feeds file; ``{base}`` in URLs is replaced by ``base_url``."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    unknown_top = set(doc) - {"feeds"}
    if unknown_top:
        raise ConfigError(f"{source}: unknown top-level key(s): {', '.join(sorted(unknown_top))}")
    raw_feeds = doc.get("feeds", [])
    if not isinstance(raw_feeds, list) or not all(isinstance(f, dict) for f in raw_feeds):
        raise ConfigError(f"{source}: 'feeds' must be an array of tables ([[feeds]])")
    feeds: list[Feed] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_feeds, start=1):
        where = f"{source}: feed #{i}"
        if isinstance(raw.get("name"), str):
            where = f"{source}: feed {raw['name']!r}"
        unknown = set(raw) - FEED_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
        for key in REQUIRED_FEED_KEYS:
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise ConfigError(f"{where}: '{key}' is required and must be a non-empty string")
        name = raw["name"].strip()
        if not NAME_RE.match(name):
            raise ConfigError(f"{where}: name must be lowercase letters, digits, '.', '_' or '-'")
        if name in seen:
            raise ConfigError(f"{where}: duplicate feed name")
        seen.add(name)
        url = raw["url"].strip()
        if base_url is not None:
            url = url.replace("{base}", base_url.rstrip("/"))
        _check_url(url, where)
        language = raw.get("language")
        if language is not None and (not isinstance(language, str) or not LANGUAGE_RE.match(language)):
            raise ConfigError(f"{where}: language must be an ISO 639-1 code such as 'en' or 'en-us'")
        tags = raw.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"{where}: tags must be a list of strings")
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"{where}: enabled must be true or false")
        feeds.append(
            Feed(
                name=name,
                url=url,
                publisher=raw["publisher"].strip(),
                language=language.split("-")[0].lower() if language else None,
                tags=tuple(tags),
                enabled=enabled,
            )
        )
    if not feeds:
        raise ConfigError(f"{source}: no [[feeds]] defined")
    return feeds


DEFAULT_FEEDS = Path("deployments/feeds.toml")


def feeds_path(given: Path | str | None = None) -> Path:
    """The feeds file: the given path, else $DNW_FEEDS, else deployments/feeds.toml."""
    return Path(given or os.environ.get("DNW_FEEDS") or DEFAULT_FEEDS)


def load_feeds(path: Path, base_url: str | None = None) -> list[Feed]:
    """Read and validate a feeds file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"feeds file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read feeds file {path}: {exc}") from None
    return parse_feeds(text, source=str(path), base_url=base_url)


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
    fail_on: tuple[str, ...] = ()  # warning rules that fail the run (names from schemas/suites.py)
    data_docs: bool = True  # render great-expectations Data Docs under <data dir>/quality/data_docs
    seeds_dir: Path | None = None  # reference CSVs to use instead of the bundled warehouse/seeds
    lock_timeout: float = 600.0  # wait this long for another run's writer lock, then give up
    busy_timeout: float = 300.0  # retry the load this long while a reader holds the live file
    publish: bool = True  # export Parquet and the snapshot after every load (else: the publish flow only)
    keep_days: int = 90  # landing-zone retention applied by the maintenance flow

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
_CONVERTERS: dict[str, Any] = {
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
                raise ConfigError(
                    f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a valid {convert.__name__}"
                ) from None
    settings = replace(Settings(), **values)
    if "data_dir" in values and "warehouse" not in values:
        # A data dir given without a warehouse path keeps the warehouse inside it.
        settings = replace(settings, warehouse=settings.data_dir / "warehouse.duckdb")
    for name in ("connect_timeout", "read_timeout", "total_timeout"):
        if getattr(settings, name) <= 0:
            raise ConfigError(f"{name} must be positive")
    for name in ("lock_timeout", "busy_timeout", "keep_days"):
        if getattr(settings, name) < 0:
            raise ConfigError(f"{name} must be 0 or more")
    if settings.concurrency < 1 or settings.per_host_concurrency < 1:
        raise ConfigError("concurrency limits must be at least 1")
    from schemas.suites import SUITES

    known = {rule.name for rules in SUITES.values() for rule in rules}
    unknown = sorted(set(settings.fail_on) - known)
    if unknown:
        raise ConfigError(f"fail_on names unknown rules: {', '.join(unknown)} (see schemas/suites.py)")
    return settings
