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


def _csv(name: str, directory: Path, rows: int | None = None) -> pl.DataFrame:
    return pl.read_csv(directory / f"{name}.csv", infer_schema=False, encoding="utf8", n_rows=rows)


def _optional_csv(
    name: str, directory: Path, columns: tuple[str, ...], rows: int | None = None
) -> pl.DataFrame:
    """A table of other languages: a seeds folder copied before they existed (DNW_SEEDS_DIR) reads as empty,
    and the extractor then reads English names and codes only."""
    if not (directory / f"{name}.csv").exists():
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.String()))
    return _csv(name, directory, rows)


def read_seeds(directory: Path | None = None, rows: int | None = None) -> Seeds:
    """Load the seed CSVs as strings (typed where the warehouse needs numbers). ``rows=0``: every table's
    columns without its rows (for a batch without articles, which nothing is looked up for: reading the
    rows took 11-36 ms of a run where every feed answered 304)."""
    directory = directory or SEEDS_DIR
    fx = _csv("fx_rates", directory, rows).with_columns(
        pl.col("year").cast(pl.Int32), pl.col("usd_per_unit").cast(pl.Float64)
    )
    return Seeds(
        countries=_csv("countries", directory, rows),
        weapon_systems=_csv("weapon_systems", directory, rows),
        organizations=_csv("organizations", directory, rows),
        blocked_phrases=_csv("blocked_phrases", directory, rows),
        fx_rates=fx,
        languages=_csv("languages", directory, rows),
        country_names=_optional_csv(
            "country_names", directory, ("iso3", "language", "kind", "aliases"), rows
        ),
        organization_aliases=_optional_csv(
            "organization_aliases", directory, ("org_id", "language", "aliases"), rows
        ),
        weapon_aliases=_optional_csv("weapon_aliases", directory, ("weapon_id", "language", "aliases"), rows),
        government_verbs=_optional_csv("government_verbs", directory, ("language", "kind", "words"), rows),
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
