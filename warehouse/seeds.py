"""Read the reference CSVs in warehouse/seeds/ into frames (the only place that opens them)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from transforms.facts import References

SEEDS_DIR = Path(str(files("warehouse") / "seeds"))  # package data: found from any working directory


@dataclass(frozen=True)
class Seeds:
    """Every reference table the extraction and the warehouse dimensions use."""

    countries: pl.DataFrame
    weapon_systems: pl.DataFrame
    organizations: pl.DataFrame
    blocked_phrases: pl.DataFrame
    fx_rates: pl.DataFrame
    languages: pl.DataFrame
    country_names: pl.DataFrame  # names in other languages, generated: iso3, language, kind, aliases
    organization_aliases: pl.DataFrame  # org_id, language, aliases (generated)
    weapon_aliases: pl.DataFrame  # weapon_id, language, aliases (generated)
    government_verbs: pl.DataFrame  # language, kind, words: when a capital stands for its government


def _csv(name: str, directory: Path) -> pl.DataFrame:
    return pl.read_csv(directory / f"{name}.csv", infer_schema=False, encoding="utf8")


def _optional_csv(name: str, directory: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    """A table of other languages: a seeds folder copied before they existed (DNW_SEEDS_DIR) reads as empty,
    and the extractor then reads English names and codes only."""
    if not (directory / f"{name}.csv").exists():
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.String()))
    return _csv(name, directory)


def read_seeds(directory: Path | None = None) -> Seeds:
    """Load the seed CSVs as strings (typed where the warehouse needs numbers)."""
    directory = directory or SEEDS_DIR
    fx = _csv("fx_rates", directory).with_columns(
        pl.col("year").cast(pl.Int32), pl.col("usd_per_unit").cast(pl.Float64)
    )
    return Seeds(
        countries=_csv("countries", directory),
        weapon_systems=_csv("weapon_systems", directory),
        organizations=_csv("organizations", directory),
        blocked_phrases=_csv("blocked_phrases", directory),
        fx_rates=fx,
        languages=_csv("languages", directory),
        country_names=_optional_csv("country_names", directory, ("iso3", "language", "kind", "aliases")),
        organization_aliases=_optional_csv(
            "organization_aliases", directory, ("org_id", "language", "aliases")
        ),
        weapon_aliases=_optional_csv("weapon_aliases", directory, ("weapon_id", "language", "aliases")),
        government_verbs=_optional_csv("government_verbs", directory, ("language", "kind", "words")),
    )


def seed_references(seeds: Seeds) -> References:
    """The extractors' reference data from every seed table: one call, so no path forgets a table."""
    from transforms.facts import references

    return references(
        seeds.countries,
        seeds.weapon_systems,
        seeds.organizations,
        seeds.blocked_phrases,
        seeds.fx_rates,
        seeds.country_names,
        seeds.organization_aliases,
        seeds.government_verbs,
        seeds.weapon_aliases,
    )
