"""The validation tasks of the stage pipeline (flows/pipeline.py).

Each task runs great-expectations suites (schemas/suites.py, through schemas/validate.py) and returns what
passed, the quarantine rows of what failed, and the results for quality.validation_runs.
Task inputs are frames that are never worth hashing into cache keys, hence NO_CACHE.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas.frames import CIVIL_ORG_TYPES
from schemas.suites import (
    ARTICLES_SUITE,
    DEAL_STAGES,
    DEALS_SUITE,
    ENTRIES_SUITE,
    ERROR,
    FEEDS_SUITE,
    MENTIONS_SUITE,
    MONEY_SUITE,
    PARSED_SUITE,
    WARNING,
)
from schemas.validate import run_suite
from transforms.facts import Facts
from transforms.normalize import split_duplicates
from transforms.quality import (
    DEAL_CHECK_COLUMNS,
    ENTRY_CHECK_COLUMNS,
    UNIT_KEY,
    canonical_languages,
    fact_quarantine,
    feed_checks,
    parsed_quarantine,
    quarantine_records,
    with_deal_checks,
    with_entity_keys,
    with_entry_checks,
    with_parse_checks,
)
from warehouse.seeds import Seeds

EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)


@functools.cache
def iso4217() -> tuple[str, ...]:
    """Every ISO 4217 currency code."""
    import pycountry

    return tuple(sorted(c.alpha_3 for c in pycountry.currencies))


def parameters(seeds: Seeds, now: datetime) -> dict[str, Any]:
    """Suite parameters of a run: its clock and the reference data."""
    keys = pl.concat(
        [
            seeds.countries.select(key=pl.lit("country:") + pl.col("iso3")),
            seeds.weapon_systems.select(key=pl.lit("weapon_system:") + pl.col("weapon_id")),
            seeds.organizations.select(
                key=pl.when(pl.col("org_type").is_in(CIVIL_ORG_TYPES))
                .then(pl.lit("civil_body:"))
                .otherwise(pl.lit("organization:"))
                + pl.col("org_id")
            ),
        ]
    )["key"]
    return {
        "min_published_at": EARLIEST_PUBLISHED,
        "max_published_at": now + FUTURE_TOLERANCE,
        "languages": sorted(set(seeds.languages["canonical"].to_list())),
        "entity_keys": [*keys.to_list(), UNIT_KEY],
        "currencies": list(iso4217()),
        "countries": seeds.countries["iso3"].to_list(),
        "deal_stages": list(DEAL_STAGES),
    }


@dataclass(frozen=True)
class Checked:
    """Rows that passed a step, quarantine rows of those that did not, and the suite results."""

    passed: pl.DataFrame
    quarantine: pl.DataFrame
    results: pl.DataFrame
    labels: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # failing rows of warning rules


@task(cache_policy=NO_CACHE, name="validate-parsed")
def check_parsed(entries: pl.DataFrame, run_id: str, now: datetime, docs_dir: Path | None) -> Checked:
    """Empty items are set aside; unreadable dates are counted for a warning."""
    outcome = run_suite(with_parse_checks(entries), PARSED_SUITE, {}, docs_dir)
    passed = outcome.passed.drop("entry_content", "date_unparsed")
    return Checked(
        passed, parsed_quarantine(outcome.failed, run_id, now), outcome.results, outcome.failing_labels
    )


@task(cache_policy=NO_CACHE, name="validate-articles")
def check_entries(
    articles: pl.DataFrame, seeds: Seeds, run_id: str, now: datetime, docs_dir: Path | None
) -> tuple[Checked, pl.DataFrame]:
    """Row-level rules, then in-batch deduplication, then the batch rules: (kept articles, duplicates)."""
    params = parameters(seeds, now)
    articles = canonical_languages(articles, seeds.languages)
    entries = run_suite(with_entry_checks(articles), ENTRIES_SUITE, params, docs_dir)
    quarantine = quarantine_records(entries.failed, ENTRIES_SUITE, run_id, now)
    kept, duplicates = split_duplicates(entries.passed.drop(ENTRY_CHECK_COLUMNS))
    batch = run_suite(kept, ARTICLES_SUITE, params, docs_dir)
    results = pl.concat([entries.results, batch.results], how="vertical")
    return Checked(kept, quarantine, results), duplicates


@task(cache_policy=NO_CACHE, name="validate-facts")
def check_facts(
    facts: Facts,
    articles: pl.DataFrame,
    seeds: Seeds,
    run_id: str,
    now: datetime,
    docs_dir: Path | None,
) -> tuple[Facts, pl.DataFrame, pl.DataFrame]:
    """(facts that passed, quarantine rows, results) of the mentions and money amounts: failing fact rows are
    set aside, the article stays. The deals are checked by :func:`check_deals` (they may still be in the
    making in a worker process); they pass through unchanged here."""
    params = parameters(seeds, now)
    checked_mentions = run_suite(with_entity_keys(facts.mentions), MENTIONS_SUITE, params, docs_dir)
    checked_money = run_suite(facts.money, MONEY_SUITE, params, docs_dir)
    quarantine = pl.concat(
        [
            fact_quarantine(checked_mentions.failed, MENTIONS_SUITE, run_id, now, articles),
            fact_quarantine(checked_money.failed, MONEY_SUITE, run_id, now, articles),
        ]
    )
    results = pl.concat([checked_mentions.results, checked_money.results], how="vertical")
    passed = Facts(
        mentions=checked_mentions.passed.drop("entity_key"), money=checked_money.passed, deals=facts.deals
    )
    return passed, quarantine, results


@task(cache_policy=NO_CACHE, name="validate-deals")
def check_deals(
    deals: pl.DataFrame,
    articles: pl.DataFrame,
    seeds: Seeds,
    run_id: str,
    now: datetime,
    docs_dir: Path | None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(deals that passed, quarantine rows, results), like :func:`check_facts`."""
    checked = run_suite(with_deal_checks(deals, articles), DEALS_SUITE, parameters(seeds, now), docs_dir)
    quarantine = fact_quarantine(checked.failed, DEALS_SUITE, run_id, now, articles)
    return checked.passed.drop(DEAL_CHECK_COLUMNS), quarantine, checked.results


@task(cache_policy=NO_CACHE, name="check-feeds")
def check_feeds(
    parsed_feeds: pl.DataFrame, entries: pl.DataFrame, history: pl.DataFrame, docs_dir: Path | None
) -> tuple[pl.DataFrame, dict[str, list[str]]]:
    """Per-feed volume and null-rate checks: (results, failing feeds per rule)."""
    figures = feed_checks(parsed_feeds, with_parse_checks(entries), history)
    outcome = run_suite(figures, FEEDS_SUITE, {}, docs_dir)
    return outcome.results, outcome.failing_labels


def judge(
    results: pl.DataFrame, labels: dict[str, list[str]], fail_on: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """(warnings, errors) from the failed rules of a run; rules named in ``fail_on`` become errors."""
    warnings: list[str] = []
    errors: list[str] = []
    failed = results.filter(~pl.col("success") & pl.col("severity").is_in([WARNING, ERROR]))
    for row in failed.iter_rows(named=True):
        names = labels.get(row["rule"])
        where = f" ({', '.join(names)})" if names else ""
        line = (
            f"{row['suite']}.{row['rule']}: {row['unexpected_count']} of {row['element_count']} failed{where}"
        )
        if row["severity"] == ERROR or row["rule"] in fail_on:
            errors.append(line)
        else:
            warnings.append(line)
    return warnings, errors
