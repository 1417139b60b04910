"""Extraction quality must not fall below what has been reached on the gold set (scores, not timings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.evaluate import evaluate
from samples import gold_file
from warehouse.seeds import read_seeds

# Reached: country 0.998, weapon_system 0.988, organization 0.990, money exact 1.000 (164 items).
GOLD = gold_file()
FLOORS = {"country": 0.99, "weapon_system": 0.98, "organization": 0.98}
MONEY_FLOOR = 0.98


def test_gold_set_is_large_enough_and_uses_known_ids() -> None:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 80
    assert sum("corpus" in item for item in items) >= 20
    seeds = read_seeds()
    known = {
        "countries": set(seeds.countries["iso3"]),
        "weapon_systems": set(seeds.weapon_systems["weapon_id"]),
        "organizations": set(seeds.organizations["org_id"]),
    }
    for item in items:
        for key, ids in known.items():
            assert set(item[key]) <= ids, (item["id"], set(item[key]) - ids)


def test_scores_stay_at_or_above_the_floors(corpus: Path) -> None:
    result = evaluate(GOLD, corpus / "real-feeds")
    assert result.skipped == 0
    for entity_type, floor in FLOORS.items():
        assert result.f1(entity_type) >= floor, (entity_type, result.f1(entity_type))
    assert result.money["exact"] >= MONEY_FLOOR
    assert result.money["precision"] >= MONEY_FLOOR


@pytest.mark.parametrize("entity_type", list(FLOORS))
def test_every_type_is_labeled(entity_type: str) -> None:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    key = {"country": "countries", "weapon_system": "weapon_systems", "organization": "organizations"}[
        entity_type
    ]
    assert sum(len(item[key]) for item in items) >= 50
