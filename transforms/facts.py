"""Every fact extractor in one call: entity mentions, money amounts and the deals built from both.

The extractors are imported by the functions that call them, not with this module: compiling their
patterns takes about 0.2 s, which every `dnw` command would pay (the pipeline imports this module for its
frames and helpers), and a run where every feed answers 304 extracts nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from schemas.frames import DEAL_SCHEMA, MENTION_SCHEMA, MONEY_SCHEMA
from transforms.normalize import split_duplicates
from transforms.quality import canonical_languages

if TYPE_CHECKING:
    from transforms.deals import DealReferences


@dataclass(frozen=True)
class References:
    """The reference data of extraction, built once per run from the seed tables."""

    gazetteer: pl.DataFrame
    services: pl.DataFrame  # (country, kind) -> armed service, for bare service names
    fx_rates: pl.DataFrame
    deals: DealReferences
    government: pl.DataFrame | None = None  # per language: when a capital stands for its government
    umbrellas: pl.DataFrame | None = None  # (umbrella, specific) weapon ids: GPS over GPS III


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
    from transforms.deals import deal_references
    from transforms.extract import build_gazetteer, government_patterns, weapon_umbrellas
    from transforms.services import service_table

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
        services=service_table(organizations),
        fx_rates=fx_rates,
        deals=deal_references(countries, organizations, country_names),
        government=government_patterns(government_verbs) if government_verbs is not None else None,
        umbrellas=weapon_umbrellas(weapon_systems),
    )


def mentions_of(articles: pl.DataFrame, refs: References) -> pl.DataFrame:
    """The entity mentions of ``articles``: every path that extracts them comes through here."""
    from transforms.extract import extract_mentions

    return extract_mentions(articles, refs.gazetteer, refs.services, refs.government, refs.umbrellas)


def no_facts() -> Facts:
    """The facts of no article: empty frames of the between-stage schemas."""
    return Facts(
        pl.DataFrame(schema=MENTION_SCHEMA),
        pl.DataFrame(schema=MONEY_SCHEMA),
        pl.DataFrame(schema=DEAL_SCHEMA),
    )


def extract_facts(articles: pl.DataFrame, refs: References, deals: bool = True) -> Facts:
    """Mentions, money and (unless ``deals`` is off) deals of ``articles`` (article_id, title, summary,
    published_at; language and feed_country when known)."""
    from transforms.deals import extract_deals
    from transforms.money import extract_money

    mentions = mentions_of(articles, refs)
    money = extract_money(articles, refs.fx_rates)
    found = (
        extract_deals(articles, mentions, money, refs.deals) if deals else pl.DataFrame(schema=DEAL_SCHEMA)
    )
    return Facts(mentions, money, found)


def fact_chunk(
    articles: pl.DataFrame, mentions: pl.DataFrame, money: pl.DataFrame, chunks: int, part: int
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Chunk number ``part`` of ``articles`` cut into ``chunks`` runs of consecutive rows (as even as the
    count allows; :func:`article_chunks`), cut when it is taken: a slice of ``articles`` (not a copy), with
    the mentions and money amounts of its articles in their order (cutting every chunk's facts at once held a
    copy of them all: 110 MB for a 50,000-article batch). Deals are found per article, so the deals of the
    chunks together are the deals of the whole batch: two processes can share the work."""
    rows = article_chunks(articles, chunks)[part]
    ids = rows["article_id"].implode()
    return (
        rows,
        mentions.filter(pl.col("article_id").is_in(ids)),
        money.filter(pl.col("article_id").is_in(ids)),
    )


def article_chunks(articles: pl.DataFrame, chunks: int) -> list[pl.DataFrame]:
    """The articles of each chunk of :func:`fact_chunk`, without their facts: slices of ``articles``, not
    copies (the texts of a 50,000-article batch are 100 MB)."""
    count = _count(articles, chunks)
    # row i is in chunk i * count // height: chunk k starts at the first row where that reaches k
    starts = [-(-part * articles.height // count) for part in range(count + 1)]
    return [articles.slice(starts[part], starts[part + 1] - starts[part]) for part in range(count)]


def _count(articles: pl.DataFrame, chunks: int) -> int:
    return max(1, min(chunks, articles.height))


def extraction_copies(articles: pl.DataFrame, languages: pl.DataFrame) -> pl.DataFrame:
    """The copy of each article that validation will keep unless it fails a rule (the choice of
    ``split_duplicates``), with canonical language codes: facts can be extracted from it while the entries
    are still being validated."""
    kept, _ = split_duplicates(canonical_languages(articles, languages))
    return kept


def same_copies(copies: pl.DataFrame, kept: pl.DataFrame) -> pl.DataFrame:
    """article_id of the ``kept`` articles whose text is the copy in ``copies`` (same content hash); the
    others need their facts extracted again."""
    return kept.join(
        copies.select("article_id", "content_hash"),
        on=["article_id", "content_hash"],
        how="semi",
        nulls_equal=True,
    ).select("article_id")


def facts_of(frame: pl.DataFrame, same: pl.DataFrame, redone: pl.DataFrame) -> pl.DataFrame:
    """Fact rows of the kept articles: those extracted from the same copy, plus those extracted again."""
    return pl.concat([frame.join(same, on="article_id", how="semi"), redone], how="vertical")


def facts_version(deals: bool) -> str:
    """The versions of the extractors a run uses, as stored in core.articles.facts_version."""
    from transforms.deals.common import DEALS_VERSION
    from transforms.extract import EXTRACTOR_VERSION
    from transforms.money import MONEY_VERSION

    return f"{EXTRACTOR_VERSION}+{MONEY_VERSION}+{DEALS_VERSION if deals else 'no-deals'}"


def unknown_copies(copies: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """The ``copies`` whose facts must be extracted: all but the ``known`` (article_id, content_hash)."""
    return copies.join(known, on=["article_id", "content_hash"], how="anti", nulls_equal=True)


def with_facts_version(kept: pl.DataFrame, known: pl.DataFrame, version: str) -> pl.DataFrame:
    """``kept`` articles with the facts_version to store: ``version`` where their facts were extracted in
    this run, null for the ``known`` copies (the stored value stays)."""
    mark = known.select("article_id", "content_hash", _known=pl.lit(True))
    return (
        kept.join(
            mark, on=["article_id", "content_hash"], how="left", nulls_equal=True, maintain_order="left"
        )
        .with_columns(
            facts_version=pl.when(pl.col("_known"))
            .then(pl.lit(None, dtype=pl.String()))
            .otherwise(pl.lit(version))
        )
        .drop("_known")
    )
