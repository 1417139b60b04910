from __future__ import annotations

import polars as pl
import pytest

from transforms.evaluate import entity_scores, money_scores, resolve_declared


def test_entity_scores_per_type() -> None:
    gold = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "entity_type": ["country", "country", "weapon_system"],
            "entity_id": ["USA", "JPN", "f-35"],
        }
    )
    predicted = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "entity_type": ["country", "country", "organization"],
            "entity_id": ["USA", "CHN", "nato"],
        }
    )
    scores = {r["entity_type"]: r for r in entity_scores(gold, predicted).iter_rows(named=True)}
    assert (scores["country"]["tp"], scores["country"]["fp"], scores["country"]["fn"]) == (1, 1, 1)
    assert scores["country"]["f1"] == pytest.approx(0.5)
    assert scores["weapon_system"]["recall"] == 0.0
    assert scores["organization"]["precision"] == 0.0


def test_money_exact_match() -> None:
    gold = pl.DataFrame({"article_id": ["a", "a"], "amount": [1.2e9, 5e6], "currency": ["USD", "EUR"]})
    predicted = pl.DataFrame({"article_id": ["a", "a"], "amount": [1.2e9, 5e6], "currency": ["USD", "GBP"]})
    scores = money_scores(gold, predicted)
    assert scores["exact"] == 0.5
    assert scores["precision"] == 0.5


def test_a_label_declared_new_takes_the_id_the_gazetteer_has_since_given_that_entity() -> None:
    pairs = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "entity_type": ["organization"] * 3,
            "entity_id": ["reserve", "us-navy", "unknown-org"],
            "spellings": [["Air Force Reserve", "Reserve"], [], ["Nobody Knows"]],
        }
    )
    gazetteer = pl.DataFrame(
        {
            "entity_type": ["organization"] * 3,
            "entity_id": ["afrc", "afrc", "us-navy"],
            "alias": ["Air Force Reserve Command", "Air Force Reserve", "U.S. Navy"],
        }
    )
    assert resolve_declared(pairs, gazetteer).rows() == [
        ("a", "organization", "afrc"),
        ("a", "organization", "us-navy"),
        ("b", "organization", "unknown-org"),
    ]
