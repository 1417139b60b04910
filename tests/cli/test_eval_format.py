"""The headers `dnw eval` prints: a corpus item is said to be skipped only when one was."""

from __future__ import annotations

import polars as pl

from cli.deal_eval import PARTS, DealEvaluation, format_deal_evaluation
from cli.evaluate import Evaluation, format_evaluation
from transforms.deal_scores import SCORED_FIELDS

MONEY = {"gold": 2.0, "exact": 1.0, "predicted": 2.0, "precision": 1.0}
ENTITIES = pl.DataFrame(
    {
        "entity_type": ["country"],
        "tp": [3],
        "fp": [0],
        "fn": [1],
        "precision": [1.0],
        "recall": [0.75],
        "f1": [0.857],
    }
)


def entity_result(skipped: int) -> Evaluation:
    return Evaluation(items=5, skipped=skipped, entities=ENTITIES, money=MONEY, errors=pl.DataFrame())


def deal_result(skipped: int) -> DealEvaluation:
    scores = {"gold": 4.0, "tp": 3.0, "fp": 0.0, "fn": 1.0, "precision": 1.0, "recall": 0.75, "f1": 0.857}
    scores |= {name: 1.0 for name in SCORED_FIELDS}
    return DealEvaluation(
        scores={part: scores for part in PARTS},
        items={part: 6 for part in PARTS},
        negatives_with_deals={part: 0 for part in PARTS},
        skipped=skipped,
        errors=pl.DataFrame(),
    )


def test_entity_header_names_skipped_corpus_items_only_when_there_are_some() -> None:
    assert format_evaluation(entity_result(0)).splitlines()[0] == "gold items: 5"
    assert format_evaluation(entity_result(3)).splitlines()[0] == (
        "gold items: 5 (skipped 3 corpus items: corpus not found)"
    )


def test_deal_header_names_skipped_texts_only_when_there_are_some() -> None:
    assert format_deal_evaluation(deal_result(0)).splitlines()[0] == "deal gold texts: 6"
    assert format_deal_evaluation(deal_result(2)).splitlines()[0] == (
        "deal gold texts: 6 (skipped 2: corpus not found)"
    )
