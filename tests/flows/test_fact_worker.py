"""The fact worker process and the flow's process share a batch's deal extraction (a real spawned process):
whoever takes which chunk, the deals are those of extraction in one go."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import flows.fact_worker
from cli.deal_eval import load_deal_gold
from flows.fact_worker import Claims, FactWorker
from samples import deal_gold_files
from transforms.deals import extract_deals
from transforms.facts import mentions_of
from transforms.money import extract_money
from warehouse.seeds import read_seeds, seed_references


def test_claims_hand_out_every_chunk_once_from_either_end() -> None:
    from multiprocessing import get_context

    claims = Claims(get_context("spawn").Array("i", 2))
    claims.reset(5)
    taken = [claims.front(), claims.back(), claims.back(), claims.front(), claims.back(), claims.front()]
    assert taken == [0, 4, 3, 1, 2, None]
    assert claims.back() is None
    claims.reset(1)
    assert (claims.back(), claims.front()) == (0, None)


@pytest.mark.parametrize("texts_first", [False, True], ids=["asked-at-once", "texts-found-first"])
def test_the_worker_and_the_flow_together_find_the_deals_of_the_whole_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, texts_first: bool
) -> None:
    """The worker finds the texts where deals can start while the mentions are extracted, as far as it gets
    before the deals are asked for (all of them when ``texts_first``); the deals are the same."""
    seeds = read_seeds()
    refs = seed_references(seeds)
    gold = load_deal_gold(deal_gold_files(), tmp_path / "no-corpus")  # the written texts
    articles = gold.articles.with_columns(language=pl.lit("en"), feed_country=pl.lit(None, pl.String()))
    mentions = mentions_of(articles, refs)
    expected = extract_deals(articles, mentions, extract_money(articles, refs.fx_rates), refs.deals)
    monkeypatch.setattr(flows.fact_worker, "CHUNK_ARTICLES", 40)  # about 25 chunks
    worker = FactWorker()
    try:
        money = worker.money(articles, refs.fx_rates, deals=True).result()
        if texts_first:  # the worker runs one task at a time: once this one ran, every text was read
            worker._pool.submit(flows.fact_worker._ready).result()
        pending = worker.deals(
            articles, mentions, money, seeds.countries, seeds.organizations, seeds.country_names, refs.deals
        )
        found = pending.result()  # at once: the flow's process takes chunks from the back meanwhile
    finally:
        worker.close()
    assert expected.height > 500
    assert found.sort("deal_id").equals(expected.sort("deal_id"))
