"""Fact extraction on two cores: a worker process finds the money amounts while the flow's process finds the
entity mentions, then extracts the deals while the flow's process validates the mentions and money and
matches stories.

Money and the deal rules are Python holding the interpreter lock (together about 2.5 s for 50,000 articles);
in a thread they would only take turns with the flow. So for a large batch on a machine with more than one
core, one worker process is started ("spawn", like the parse pool: the flow's process runs threads a fork
would copy mid-flight) as soon as the batch arrives; it imports the extractors while the entries are
validated. The articles cross once (as Arrow IPC files on a RAM disk, core/handoff.py) and stay in the worker
for the deals; only the mentions and the results cross after that. Small batches, or one core, extract inline:
starting a process costs about a second of CPU.

Money takes the worker less time than the mentions take the flow's process (50,000 farm articles: about 2.3
against 2.9 s), so after the money the worker finds the texts where a deal rule can start (a third of the
deal work; it needs neither mentions nor money), chunk by chunk, until the deals are asked for.

The deals are extracted in chunks of consecutive articles handed out from both ends of the batch: the worker
takes them from the front; the flow's process, once it has validated everything else and would only wait,
takes them from the back (``PendingDeals.result``). Deals are found per article, so the chunks together
give exactly the deals of the whole batch, whichever process extracted each."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

import polars as pl

from core.handoff import ship
from sources.parsing import workers
from transforms.facts import article_chunks, fact_chunk

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import SynchronizedArray

    from transforms.deals import DealReferences, DealTexts

# what the extractors read besides the text: the article's language and its publisher's country
CONTEXT_COLUMNS = ("language", "feed_country")
WORKER_MIN_ARTICLES = 10_000  # below this, extraction takes under half a second: not worth a process
CHUNK_ARTICLES = 5_000  # articles per deal chunk (about 0.3 s of rules): the last one decides the wait
MAX_CHUNKS = 32

_batch: dict[str, Any] = {}  # in the worker: the articles and money of the batch being extracted
_shared: dict[str, Claims] = {}  # in the worker: the chunk counters it shares with the flow's process


class Claims:
    """Which deal chunks are still to take: [next from the front, end of those left], in shared memory."""

    def __init__(self, counters: SynchronizedArray[int]) -> None:
        self.counters = counters

    def reset(self, chunks: int) -> None:
        with self.counters.get_lock():
            self.counters[0], self.counters[1] = 0, chunks

    def front(self) -> int | None:
        """The first chunk nobody took (the worker's end), or None when none is left."""
        with self.counters.get_lock():
            taken, end = self.counters[0], self.counters[1]
            if taken >= end:
                return None
            self.counters[0] = taken + 1
            return taken

    def requested(self) -> bool:
        """Whether the deals were asked for (the chunks are counted then)."""
        with self.counters.get_lock():
            return bool(self.counters[1])

    def back(self) -> int | None:
        """The last chunk nobody took (the flow's end), or None when none is left."""
        with self.counters.get_lock():
            taken, end = self.counters[0], self.counters[1]
            if taken >= end:
                return None
            self.counters[1] = end - 1
            return end - 1


def chunk_count(articles: int) -> int:
    """How many deal chunks a batch of ``articles`` is cut into."""
    return max(1, min(MAX_CHUNKS, articles // CHUNK_ARTICLES))


def _attach(counters: SynchronizedArray[int]) -> None:
    """The worker's initializer: the counters arrive when the process starts (shared memory cannot be sent
    with a task)."""
    _shared["claims"] = Claims(counters)


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
    return ship(money)


def _deal_texts(chunks: int) -> None:
    """Find the texts where a deal rule can start, chunk by chunk from the front, while the flow's process
    extracts the mentions (the deals need them; the texts do not); the chunks not reached when the deals
    are asked for are read by ``_deals``."""
    from transforms.deals import deal_texts

    found: list[DealTexts] = []
    _batch["texts"] = found
    claims = _shared["claims"]
    for part in article_chunks(_batch["articles"], chunks):
        if claims.requested():
            return
        found.append(deal_texts(part))


def _deals(
    mentions: pl.DataFrame,
    countries: pl.DataFrame,
    organizations: pl.DataFrame,
    country_names: pl.DataFrame | None,
    chunks: int,
) -> list[tuple[int, pl.DataFrame]]:
    """The deals of the chunks the worker took from the front, by chunk number."""
    from transforms.deals import deal_references, extract_deals

    articles, money = _batch.pop("articles"), _batch.pop("money")
    texts: list[DealTexts] = _batch.pop("texts", [])
    refs = deal_references(countries, organizations, country_names)
    claims, done = _shared["claims"], []
    while (part := claims.front()) is not None:
        found = fact_chunk(articles, mentions, money, chunks, part)
        done.append((part, ship(extract_deals(*found, refs, texts[part] if part < len(texts) else None))))
    return done


@dataclass(frozen=True)
class PendingDeals:
    """Deals being extracted by the worker; ``result`` takes the chunks it has not started yet."""

    future: Future[list[tuple[int, pl.DataFrame]]]  # the worker's chunks, by chunk number
    claims: Claims
    inputs: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]  # articles (id, title, summary), mentions, money
    chunks: int
    refs: DealReferences

    def result(self) -> pl.DataFrame:
        """The deals of the whole batch, in chunk order: the chunks left are extracted here, from the back,
        while the worker finishes its own."""
        from transforms.deals import extract_deals

        mine: list[tuple[int, pl.DataFrame]] = []
        while (part := self.claims.back()) is not None:
            mine.append((part, extract_deals(*fact_chunk(*self.inputs, self.chunks, part), self.refs)))
        found = sorted([*self.future.result(), *mine], key=lambda chunk: chunk[0])
        return pl.concat([frame for _, frame in found], how="vertical")


class FactWorker:
    """One worker process for one batch: ``money`` first, then (optionally) ``deals``; ``close`` when done."""

    def __init__(self) -> None:
        context = get_context("spawn")
        self._claims = Claims(context.Array("i", 2))
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_attach, initargs=(self._claims.counters,)
        )
        self._pool.submit(_ready)

    def money(
        self, articles: pl.DataFrame, fx_rates: pl.DataFrame, deals: bool = False
    ) -> Future[pl.DataFrame]:
        """Start finding the money amounts of ``articles`` (article_id, title, summary, published_at), then
        (``deals``) the texts where a deal can be stated."""
        wanted = ("article_id", "title", "summary", "published_at", *CONTEXT_COLUMNS)
        columns = articles.select(name for name in wanted if name in articles.columns)
        found = self._pool.submit(_money, ship(columns), fx_rates)
        if deals:
            self._pool.submit(_deal_texts, chunk_count(articles.height))
        return found

    def deals(
        self,
        articles: pl.DataFrame,
        mentions: pl.DataFrame,
        money: pl.DataFrame,
        countries: pl.DataFrame,
        organizations: pl.DataFrame,
        country_names: pl.DataFrame | None,
        refs: DealReferences,
    ) -> PendingDeals:
        """Start extracting the deals of the ``articles`` given to ``money`` (its result is ``money``), from
        their ``mentions``; the flow's process shares the work when it waits for the result (``refs``: the
        deal references it extracts with, the same as ``countries``, ``organizations`` and ``country_names``
        give)."""
        chunks = chunk_count(articles.height)
        self._claims.reset(chunks)
        future = self._pool.submit(_deals, ship(mentions), countries, organizations, country_names, chunks)
        texts = articles.select("article_id", "title", "summary")
        return PendingDeals(future, self._claims, (texts, mentions, money), chunks, refs)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def fact_worker(articles: int, configured_workers: int = 0) -> FactWorker | None:
    """A started worker when a batch of ``articles`` is worth one on this machine, else None (inline).
    ``configured_workers``: settings.parse_workers (1 = everything in the flow's process)."""
    if articles < WORKER_MIN_ARTICLES or workers(configured_workers) < 2:
        return None
    return FactWorker()
