"""The I/O and transform tasks of a run. Each works on a whole batch (all feeds of a run), never on single
entries: Prefect costs ~6 ms a task. Inputs are frames and payloads never worth hashing, hence NO_CACHE.
The validation tasks are in flows/validation.py; flows/pipeline.py puts them in order."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar, cast

import httpx2
import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from core.clock import utcnow
from core.feeds import Feed
from core.settings import Settings
from flows.fact_worker import FactWorker, PendingDeals
from schemas.frames import DEAL_SCHEMA, STORIES_SCHEMA, STORY_WORDS_SCHEMA
from sources.http import FetchResult, Validators, fetch_feeds
from sources.parsing import ParsedFetches, ParseStream, parse_fetches
from transforms.facts import Facts, extract_facts, mentions_of, no_facts
from transforms.stories import WORDS_VERSION, assign_stories, similar_pairs, with_words
from warehouse import db
from warehouse.load import LoadBatch, load_batch, read_known_articles, read_story_window
from warehouse.load import prepare_and_read_state as prepare_and_read_warehouse_state
from warehouse.load import read_state as read_warehouse_state
from warehouse.publish import Published, publish
from warehouse.seeds import Seeds, read_seeds, seed_references

logger = logging.getLogger(__name__)
T = TypeVar("T")
STORY_WINDOW = timedelta(days=7)  # syndicated copies appear within days of the original


def unvisited(value: T) -> T:
    """``value`` as a task argument that Prefect passes on without walking through it: it visits every
    element of a collection a task is given, looking for upstream futures (about 0.1 s for a run's 1,000 fetch
    results or feeds, again for each task given them)."""
    return cast(T, quote(value))


@task(cache_policy=NO_CACHE, name="prepare-warehouse")
def prepare_warehouse(warehouse: Path) -> list[int]:
    """Create or migrate the warehouse and refresh its views; returns the migrations applied now."""
    return db.prepare(warehouse)


@task(cache_policy=NO_CACHE, name="read-feed-state")
def read_state(warehouse: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(ops.feed_state as the next run needs it, each feed's usual volume)."""
    return read_warehouse_state(warehouse)


@task(cache_policy=NO_CACHE, name="prepare-warehouse-read-feed-state")
def prepare_and_read_state(warehouse: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``prepare_warehouse`` and ``read_state`` in one task and on one connection (a run's planning)."""
    return prepare_and_read_warehouse_state(warehouse)


@task(cache_policy=NO_CACHE, name="fetch-feeds")
def fetch_task(
    feeds: list[Feed],
    settings: Settings,
    validators: Mapping[str, Validators],
    run_id: str,
    transport: httpx2.AsyncBaseTransport | None = None,
    stream: ParseStream | None = None,
) -> list[FetchResult]:
    """Fetch every feed concurrently and land each body before returning; ``stream`` starts parsing each
    new body as soon as it is landed."""
    return fetch_feeds(feeds, settings, validators, run_id, transport, stream.add if stream else None)


@task(cache_policy=NO_CACHE, name="parse-payloads")
def parse_task(
    fetches: list[FetchResult], feeds: list[Feed], settings: Settings, stream: ParseStream | None = None
) -> ParsedFetches:
    """Parse and normalize every new body (across cores when there are many); with the ``stream`` the
    fetch fed, what is left of it."""
    return parse_fetches(fetches, feeds, settings.landing_dir, settings.parse_workers, stream)


@task(cache_policy=NO_CACHE, name="read-reference-data")
def reference_task(seeds_dir: Path | None, rows: int | None = None) -> Seeds:
    """The gazetteers, languages and exchange rates (warehouse/seeds/ unless the settings name a folder;
    ``rows=0``: their columns only, for a batch without articles)."""
    return read_seeds(seeds_dir, rows)


@task(cache_policy=NO_CACHE, name="extract-facts")
def extract_task(
    kept: pl.DataFrame, seeds: Seeds, deals: bool = True, worker: FactWorker | None = None
) -> tuple[Facts, PendingDeals | None]:
    """Entity mentions, money amounts and deals of the articles about to be loaded: (facts, None). With a
    worker process, money is found there meanwhile and the deals are still being extracted there when this
    returns: (facts without deals, the deals to come; their ``result`` extracts the chunks the worker has
    not started). No article, no gazetteer to build (a quarter of a
    second, the whole extract stage of a run where every feed answered 304)."""
    if kept.height == 0:
        return no_facts(), None
    refs = seed_references(seeds)
    if worker is None:
        return extract_facts(kept, refs, deals=deals), None
    found_money = worker.money(kept, refs.fx_rates, deals)
    mentions = mentions_of(kept, refs)
    money = found_money.result()
    pending = (
        worker.deals(
            kept, mentions, money, seeds.countries, seeds.organizations, seeds.country_names, refs.deals
        )
        if deals
        else None
    )
    return Facts(mentions, money, pl.DataFrame(schema=DEAL_SCHEMA)), pending


def known_articles(warehouse: Path, copies: pl.DataFrame, facts_version: str) -> pl.DataFrame:
    """(article_id, content_hash) of the batch's article copies stored with the same text and with facts
    from ``facts_version`` (none when there is no copy: no warehouse read)."""
    if copies.height == 0:
        return pl.DataFrame(schema={"article_id": pl.String(), "content_hash": pl.String()})
    return read_known_articles(warehouse, copies, facts_version)


@task(cache_policy=NO_CACHE, name="assign-stories")
def stories_task(warehouse: Path, kept: pl.DataFrame, now: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Near-duplicate detection against the recent warehouse and within the batch: (the stories of the
    articles new to the warehouse, the content-word hashes of every article in ``kept`` for the load to
    store)."""
    if kept.height == 0:
        return pl.DataFrame(schema=STORIES_SCHEMA), pl.DataFrame(schema=STORY_WORDS_SCHEMA)
    kept = with_words(kept.select("article_id", "publisher", "published_at", "title", "summary"))
    since = kept["published_at"].min() - STORY_WINDOW  # type: ignore[operator]
    window = read_story_window(warehouse, since, WORDS_VERSION)
    new = kept.join(window.select("article_id"), on="article_id", how="anti")
    texts = pl.concat(
        [
            new.select("article_id", "publisher", "words"),
            with_words(window.select("article_id", "publisher", "words", "title", "summary")),
        ],
        how="vertical",
    )
    pairs = similar_pairs(new["article_id"], texts)
    stories = assign_stories(new.select("article_id", "published_at"), window, pairs, now)
    words = kept.select("article_id", "published_at", "words", version=pl.lit(WORDS_VERSION))
    return stories, words.cast(STORY_WORDS_SCHEMA)  # type: ignore[arg-type]


@task(cache_policy=NO_CACHE, name="load")
def load_task(
    warehouse: Path,
    batch: LoadBatch,
    finalize: Callable[[pl.DataFrame], pl.DataFrame],
    complete: Callable[[LoadBatch], LoadBatch] | None = None,
) -> None:
    """One transaction: articles, feed bridge, facts, quarantine, fetch log, feed state, validation, run
    (``complete``: the deals, quarantine and validation handed over late, see ``load_batch``)."""
    load_batch(warehouse, batch, finalize, complete)


@task(cache_policy=NO_CACHE, name="publish")
def publish_task(settings: Settings, run_id: str | None) -> Published:
    """Parquet exports of the marts and the read-only snapshot, each replaced atomically; then the report."""
    return publish_with_report(settings, run_id)


def publish_with_report(settings: Settings, run_id: str | None) -> Published:
    """Publish, then write the HTML report of the new snapshot (every path that publishes calls this)."""
    published = publish(settings.warehouse, settings.exports_dir, settings.snapshot, run_id)
    return dataclasses.replace(published, report=write_report_files(settings))


def write_report_files(settings: Settings) -> Path | None:
    """``latest.html`` and the day's copy under the reports dir; None when rendering failed (logged): the
    data is already published, and a report is no reason to fail the run."""
    from warehouse.html_report import publish_reports  # jinja2: only runs that publish render a report

    try:
        return publish_reports(settings.snapshot, settings.reports_dir, utcnow(), settings.keep_days)
    except Exception as exc:
        logger.warning("could not write the HTML report: %s: %s", type(exc).__name__, exc)
        return None
