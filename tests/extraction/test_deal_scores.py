"""Deal extraction must not fall below what it reached on the labeled deal gold set (scores, not timings).

Reached at deals-6 (484 texts, 338 deals, the seventh batch written7 included): tuning part F1 1.000 (value
0.992, stage 1.000), frozen part F1 0.924 (value 0.934, stage 1.000). Seven frozen negative texts give a deal:
the six of deals-5 (one of the fourth batch, four of the fifth, one of the sixth) and one of the seventh; the
issue asks for none, and its target for unseen text is F1 0.85, value 0.95 and stage 0.80 (the frozen value
share is under it). The floors are a
little under what was measured; the floors on negatives with a deal are what was measured. The frozen part is
never tuned against."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from cli.deal_eval import evaluate_deals, load_deal_gold
from samples import deal_gold_files
from tests.conftest import require_corpus
from transforms.deal_scores import deal_scores, is_frozen
from warehouse.seeds import read_seeds

STAGES = {"awarded", "modification", "option", "approved", "signed", "requested", "delivered"}


def gold_items() -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in deal_gold_files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_gold_set_has_the_labels_the_issue_asks_for() -> None:
    items = gold_items()
    kinds = [item["kind"] for item in items]
    deals = [deal for item in items for deal in item["deals"]]  # type: ignore[attr-defined]
    assert len(deals) >= 150
    assert kinds.count("dod_contract") >= 30
    assert kinds.count("dsca_fms") >= 15
    assert kinds.count("news") >= 40
    assert kinds.count("negative") >= 20
    assert len({item["id"] for item in items}) == len(items)
    assert 0.2 < sum(is_frozen(str(item["id"])) for item in items) / len(items) < 0.45
    weapons = set(read_seeds().weapon_systems["weapon_id"])
    for deal in deals:
        assert deal["stage"] in STAGES
        assert deal["weapon_id"] is None or deal["weapon_id"] in weapons
        assert set(deal) == {
            "buyer", "seller_country", "supplier", "system", "weapon_id", "quantity", "value", "currency",
            "stage", "contract_id", "agency",
        }  # fmt: skip


def test_written_items_score_without_the_corpus(tmp_path: Path) -> None:
    """The texts written in the project are scored everywhere, corpus or not."""
    written = [path for path in deal_gold_files() if path.name != "corpus.jsonl"]
    result = evaluate_deals(written, tmp_path / "no-corpus")
    assert result.skipped == 0
    # measured at deals-6 without the corpus: tuning F1 1.000, frozen F1 0.916; deals-24: tuning 0.987
    # (written24's tuning part, added at first contact, left ten misses the rules do not read yet); deals-27:
    # 0.9849 (written26's tuning part left seven); deals-32: 0.9818 (written32's tuning part left four misses the
    # rules do not read: "said they had taken delivery", a signing beside "order intake", an order "to be paid from
    # the national budget", "We signed it on Thursday: 12 more K9 ..."); deals-33: 0.9815 (written33's tuning part
    # left one: a handover said only in a photo caption's relative clause); deals-34: 0.9827 (two false deals
    # fewer); deals-36: 0.9839 (written36's tuning part found whole, written32's "to be paid from the national
    # budget" found)
    assert result.scores["tuning"]["f1"] >= 0.983
    # deals-32: 0.8997 with written32's frozen part at first contact (five more false deals), never tuned on;
    # written33's frozen part at first contact 0.8986, deals-33 0.8971 (one frozen deal fewer found, never
    # looked at), 0.8984 after its third step (one false deal fewer); deals-34: 0.8999 (never looked at);
    # written35's frozen part at first contact 0.8978 (two more false deals, one miss), deals-35 the same
    # (never looked at): the floor moves down with the new frozen texts, not with any rule; written36's frozen
    # part at first contact 0.8974 (two misses, no false deal), deals-36 the same (never looked at)
    assert result.scores["frozen"]["f1"] >= 0.897
    assert result.negatives_with_deals["tuning"] == 0
    # Twelve frozen negatives yield a deal at deals-18 (four of the batches up to written12, one of written14,
    # three of written16, two of written17 and two of written18, counted per file; deals-17's rules took two
    # of the thirteen there were when written17 was added, deals-18's one of written13 when written18 had
    # brought two; written19 brought none; written20, 40 negatives written to read like deals, one more: 13;
    # deals-20's rules took written12's: 12, now three of the batches up to written12, one of written14, three
    # of written16, two each of written17 and written18, one of written20; written21, 36 more negatives written
    # to read like deal news, three more: 15; deals-21's rules stopped two of the older ones: 13; written22
    # brought none and deals-22 stopped one more: 12; written23, negatives that recall a deal in passing, two
    # more: 14; deals-23 stopped one: 13; written24, 32 negatives of new kinds, two more: 15, which deals-24
    # did not change; written25, 40 negatives of new kinds, one more: 16, which deals-25 did not change;
    # written26, 40 more negatives of new kinds, two more: 18, which deals-27 did not change; written27, 40
    # negatives written to read like deal news, six more: 24; deals-28's rules stopped one: 23; written28, 63
    # negatives in genres written to fool the rules, five more: 28; deals-29's rules stopped seven: 21; written29,
    # 52 negatives of genres no batch had, two more: 23, which deals-30's first rules did not change; written30,
    # 40 negatives of genres no batch had, two more: 25, which deals-31's first rules did not change: the floor
    # moves up with the new frozen texts, not with any rule; deals-31's buyer rule: 24; written32, 40 negatives of
    # genres no batch had, three more: 27, which deals-32's rules did not change; written33, 42 negatives of
    # genres no batch had, one more: 28; deals-33's third step, a deal someone claims or will not confirm and one
    # in fiction, stopped one of the older ones: 27, which deals-34 did not change; written35, 50 negatives of
    # genres and phrasings no batch had, two more: 29, which deals-35's rules did not change; written36, 42
    # negatives in the kinds issue 13 names, none more: 29, which deals-36's rules did not change). They are never
    # read or tuned on, so the floor is what was measured; issue 13 asks for none.
    assert result.negatives_with_deals["frozen"] <= 29


def test_scores_stay_at_or_above_the_floors() -> None:
    corpus = require_corpus("deals", "texts.jsonl").parents[1]
    result = evaluate_deals(deal_gold_files(), corpus)
    assert result.skipped == 0
    tuning, frozen = result.scores["tuning"], result.scores["frozen"]
    # measured at deals-6: tuning F1 1.000, value 0.992, stage 1.000; frozen F1 0.924, value 0.934, stage 1.000;
    # deals-24: tuning F1 0.988 (written24's tuning misses, see above); deals-31: 0.984, lowered from 0.985 on
    # purpose: a news deal with no buyer found now needs a government or military body, a customer or a country
    # in its sentence (a precision rule for unseen negatives), which costs two tuning deals whose buyer the
    # rules do not find; deals-32: 0.982 (written32's four tuning misses, see above); deals-33: 0.982; deals-34:
    # 0.983 (two false deals fewer); deals-35: 0.983 (written35's tuning part found whole at first contact);
    # deals-36: 0.9841 (written36's tuning part at first contact 0.9817, two false deals and a miss of its own)
    assert tuning["f1"] >= 0.983
    # deals-27: 0.990 (0.985 when written26 was added); deals-28: 0.988 (written27's values in words and in
    # a later sentence not read yet)
    assert tuning["value"] >= 0.985
    # deals-30: 0.9897 with written29's tuning part at first contact ("chose the German system and signed a
    # ... contract" read as the choice's award), 0.991 once that was read as the signing
    assert tuning["stage"] >= 0.99
    # deals-28: 0.9096, written27's frozen part (19 texts written to read like deal news) measured at first
    # contact and never tuned on; written28 at first contact 0.904, deals-29 0.913 (the floor stays); written32's
    # frozen part at first contact 0.903 (deals-31's 0.908 with five more false deals), deals-32 the same;
    # written33's frozen part at first contact 0.9014 (one more false deal, one more miss), deals-33 0.9000
    # (one frozen deal fewer found, never looked at), 0.9012 after its third step (one false deal fewer);
    # deals-34 0.9026 (one more frozen deal found, never looked at); written35's frozen part at first contact
    # 0.9006 (two more false deals, one miss), deals-35 the same: the floor moves with the new frozen texts;
    # written36's frozen part at first contact 0.9001 (two misses, no false deal), deals-36 the same
    assert frozen["f1"] >= 0.900
    # deals-17: 0.966 (0.953 when written17 was added, before its rules), over the issue's 95% for the first time
    assert frozen["value"] >= 0.95
    # deals-10: 0.985 since the tenth batch (written10) added 22 frozen texts, at first contact (deals-9) and
    # at deals-10 alike; a measured floor, never tuned against
    assert frozen["stage"] >= 0.98
    assert result.negatives_with_deals["tuning"] == 0
    assert result.negatives_with_deals["frozen"] <= 29  # measured; see the test above


def test_scoring_pairs_deals_one_to_one() -> None:
    labels = pl.DataFrame(
        [
            {
                "item_id": "t",
                "buyer": "USA",
                "supplier": "Acme Corp.",
                "value": 10.0,
                "currency": "USD",
                "stage": "awarded",
            },
            {
                "item_id": "t",
                "buyer": "USA",
                "supplier": "Beta Inc.",
                "value": 10.0,
                "currency": "USD",
                "stage": "awarded",
            },
        ]
    )
    found = pl.DataFrame(
        [
            {
                "item_id": "t",
                "buyer": "USA",
                "supplier": "Beta",
                "value": 10.0,
                "currency": "USD",
                "stage": "option",
            },
            {
                "item_id": "t",
                "buyer": "USA",
                "supplier": "Gamma LLC",
                "value": 99.0,
                "currency": "USD",
                "stage": "awarded",
            },
        ]
    )
    scores = deal_scores(labels, found)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1.0, 1.0, 1.0)
    assert scores["supplier"] == 1.0
    assert scores["stage"] == 0.0


def test_load_skips_corpus_items_without_the_corpus(tmp_path: Path) -> None:
    gold = load_deal_gold(deal_gold_files(), tmp_path)
    assert gold.skipped == sum(1 for item in gold_items() if "corpus" in item)
