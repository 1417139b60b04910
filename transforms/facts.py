"""Every fact extractor in one call: entity mentions, money amounts and the deals built from both."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from schemas.frames import DEAL_SCHEMA
from transforms.deals import DealReferences, deal_references, extract_deals
from transforms.extract import build_gazetteer, extract_mentions
from transforms.money import extract_money
from transforms.services import service_table


@dataclass(frozen=True)
class References:
    """The reference data of extraction, built once per run from the seed tables."""

    gazetteer: pl.DataFrame
    services: pl.DataFrame  # (country, kind) -> armed service, for bare service names
    fx_rates: pl.DataFrame
    deals: DealReferences


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
) -> References:
    """Gazetteer, rates and deal lookups from the seed tables."""
    return References(
        gazetteer=build_gazetteer(countries, weapon_systems, organizations, blocked_phrases),
        services=service_table(organizations),
        fx_rates=fx_rates,
        deals=deal_references(countries, organizations),
    )


def extract_facts(articles: pl.DataFrame, refs: References, deals: bool = True) -> Facts:
    """Mentions, money and (unless ``deals`` is off) deals of ``articles`` (article_id, title, summary,
    published_at; language and feed_country when known)."""
    mentions = extract_mentions(articles, refs.gazetteer, refs.services)
    money = extract_money(articles, refs.fx_rates)
    found = (
        extract_deals(articles, mentions, money, refs.deals) if deals else pl.DataFrame(schema=DEAL_SCHEMA)
    )
    return Facts(mentions, money, found)
