"""Fact extraction on two cores: a worker process finds the money amounts while the flow's process finds the
entity mentions, then extracts the deals while the flow's process validates the mentions and money and
matches stories.

Money and the deal rules are Python holding the interpreter lock (together about 2.5 s for 50,000 articles);
in a thread they would only take turns with the flow. So for a large batch on a machine with more than one
core, one worker process is started ("spawn", like the parse pool: the flow's process runs threads a fork
would copy mid-flight) as soon as the batch arrives; it imports the extractors while the entries are
validated. The articles cross once (polars frames travel as Arrow IPC) and stay in the worker for the deals;
only the mentions and the results cross after that. Small batches, or one core, extract inline: starting a
process costs about a second of CPU."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import polars as pl

from sources.parsing import workers

# what the extractors read besides the text: the article's language and its publisher's country
CONTEXT_COLUMNS = ("language", "feed_country")
WORKER_MIN_ARTICLES = 10_000  # below this, extraction takes under half a second: not worth a process

_batch: dict[str, Any] = {}  # in the worker: the articles and money of the batch being extracted


def _ready() -> bool:
    """Run first in the worker so that it starts and imports the extractors before they are needed (the
    flow's process imports this module without them: a run with no article never needs them)."""
    import transforms.deals
    import transforms.money  # noqa: F401

    return True


def _money(articles: pl.DataFrame, fx_rates: pl.DataFrame) -> pl.DataFrame:
    from transforms.money import extract_money

    money = extract_money(articles, fx_rates)
    _batch.update(articles=articles, money=money)
    return money


def _deals(mentions: pl.DataFrame, countries: pl.DataFrame, organizations: pl.DataFrame) -> pl.DataFrame:
    from transforms.deals import deal_references, extract_deals

    articles, money = _batch.pop("articles"), _batch.pop("money")
    return extract_deals(articles, mentions, money, deal_references(countries, organizations))


class FactWorker:
    """One worker process for one batch: ``money`` first, then (optionally) ``deals``; ``close`` when done."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        self._pool.submit(_ready)

    def money(self, articles: pl.DataFrame, fx_rates: pl.DataFrame) -> Future[pl.DataFrame]:
        """Start finding the money amounts of ``articles`` (article_id, title, summary, published_at)."""
        wanted = ("article_id", "title", "summary", "published_at", *CONTEXT_COLUMNS)
        columns = articles.select(name for name in wanted if name in articles.columns)
        return self._pool.submit(_money, columns, fx_rates)

    def deals(
        self, mentions: pl.DataFrame, countries: pl.DataFrame, organizations: pl.DataFrame
    ) -> Future[pl.DataFrame]:
        """Start extracting the deals of the articles given to ``money``, from their mentions."""
        return self._pool.submit(_deals, mentions, countries, organizations)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def fact_worker(articles: int, configured_workers: int = 0) -> FactWorker | None:
    """A started worker when a batch of ``articles`` is worth one on this machine, else None (inline).
    ``configured_workers``: settings.parse_workers (1 = everything in the flow's process)."""
    if articles < WORKER_MIN_ARTICLES or workers(configured_workers) < 2:
        return None
    return FactWorker()
