"""Every fact extractor in one call: entity mentions, money amounts and the deals built from both."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from schemas.frames import DEAL_SCHEMA
from transforms.deals import DealReferences, deal_references, extract_deals
from transforms.extract import build_gazetteer, extract_mentions, government_patterns
from transforms.money import extract_money


@dataclass(frozen=True)
class References:
    """The reference data of extraction, built once per run from the seed tables."""

    gazetteer: pl.DataFrame
    fx_rates: pl.DataFrame
    deals: DealReferences
    government: pl.DataFrame | None = None  # per language: when a capital stands for its government


@dataclass(frozen=True)
class Facts:
    """The facts of a batch of articles."""

    mentions: pl.DataFrame
    money: pl.DataFrame
    deals: pl.DataFrame


def references(
    countries: pl.DataFrame,
    weapon_systems: pl.DataFrame,
    organizations: pl.DataFrame,
    blocked_phrases: pl.DataFrame,
    fx_rates: pl.DataFrame,
    country_names: pl.DataFrame | None = None,
    organization_aliases: pl.DataFrame | None = None,
    government_verbs: pl.DataFrame | None = None,
    weapon_aliases: pl.DataFrame | None = None,
) -> References:
    """Gazetteer, rates and deal lookups from the seed tables (the tables of other languages are optional:
    without them the extractor reads English names and codes only)."""
    return References(
        gazetteer=build_gazetteer(
            countries,
            weapon_systems,
            organizations,
            blocked_phrases,
            country_names,
            organization_aliases,
            weapon_aliases,
        ),
        fx_rates=fx_rates,
        deals=deal_references(countries, organizations),
        government=government_patterns(government_verbs) if government_verbs is not None else None,
    )


def extract_facts(articles: pl.DataFrame, refs: References, deals: bool = True) -> Facts:
    """Mentions, money and (unless ``deals`` is off) deals of ``articles`` (article_id, title, summary,
    published_at, and language when known)."""
    mentions = extract_mentions(articles, refs.gazetteer, refs.government)
    money = extract_money(articles, refs.fx_rates)
    found = (
        extract_deals(articles, mentions, money, refs.deals) if deals else pl.DataFrame(schema=DEAL_SCHEMA)
    )
    return Facts(mentions, money, found)
