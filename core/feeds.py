"""The feeds file (TOML): the list of subscriptions, validated with one-line error messages."""

from __future__ import annotations

import csv
import functools
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from core.errors import ConfigError

FEED_KEYS = {"name", "url", "publisher", "language", "country", "tags", "enabled"}
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
    country: str | None = None  # ISO 3166-1 alpha-3 of the publisher: settles "the Navy" in its articles


def host_of(url: str) -> str:
    """The host part of a feed URL, lower-cased ('' when the URL has none: such feeds share a shard)."""
    return (urlsplit(url).hostname or "").lower()


@functools.cache
def known_countries() -> frozenset[str]:
    """The alpha-3 codes of the country seed (warehouse/seeds/countries.csv)."""
    from warehouse.seeds import SEEDS_DIR

    with (SEEDS_DIR / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["iso3"] for row in csv.DictReader(handle))


def check_country(country: str, where: str) -> str:
    """``country`` upper-cased when it is an alpha-3 code of the country seed; a ConfigError otherwise."""
    code = country.strip().upper()
    if code not in known_countries():
        raise ConfigError(
            f"{where}: country must be an ISO 3166-1 alpha-3 code such as 'USA', got {country!r}"
        )
    return code


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
        country = raw.get("country")
        if country is not None and not isinstance(country, str):
            raise ConfigError(f"{where}: country must be an ISO 3166-1 alpha-3 code such as 'USA'")
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
                country=check_country(country, where) if country is not None else None,
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
