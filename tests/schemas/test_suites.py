from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from schemas.frames import RESULTS_SCHEMA
from schemas.suites import (
    ARTICLE_RULES,
    ARTICLES_SUITE,
    DEALS_SUITE,
    ENTRIES_SUITE,
    ENTRY_RULES,
    FEEDS_SUITE,
    MENTIONS_SUITE,
    MONEY_SUITE,
    PARSED_SUITE,
    QUARANTINE,
    SUITES,
    WARNING,
)
from schemas.validate import ROW_ID, narrowed_parameters, pandas_frame, run_suite

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PARAMS = {
    "min_published_at": datetime(1990, 1, 1, tzinfo=UTC),
    "max_published_at": datetime(2026, 11, 29, 12, tzinfo=UTC),
    "languages": ["en", "fr", "he", "uk"],
    "entity_keys": ["country:USA", "weapon_system:patriot"],
    "currencies": ["USD", "EUR"],
    "countries": ["USA", "POL"],
    "deal_stages": ["awarded", "approved"],
}

GOOD = {
    "article_id": "a1",
    "title": "Poland signs for K2 tanks",
    "entry_ref": "https://news.example/k2",
    "url": "https://news.example/k2",
    "published_at": datetime(2026, 11, 27, 9, tzinfo=UTC),
    "language": "en",
    "summary": "Warsaw adds a second batch.",
    "summary_length": 27,
}
SCHEMA = {
    "article_id": pl.String(),
    "title": pl.String(),
    "entry_ref": pl.String(),
    "url": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "language": pl.String(),
    "summary": pl.String(),
    "summary_length": pl.UInt32(),
}

# One bad value per row-level rule: (rule, column, value that breaks it).
BREAKERS = [
    ("title_present", "title", None),
    ("link_or_guid_present", "entry_ref", None),
    ("url_is_http", "url", "javascript:alert(1)"),
    ("published_not_before_1990", "published_at", datetime(1985, 6, 1, tzinfo=UTC)),
    ("published_not_in_future", "published_at", datetime(2031, 1, 1, tzinfo=UTC)),
    ("language_is_iso639_1", "language", "xx"),
    ("title_length_sane", "title", "x" * 1001),
    ("summary_length_sane", "summary_length", 200_001),
]


def _frame(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=SCHEMA)


def test_every_row_rule_has_a_breaking_case() -> None:
    assert {rule for rule, _, _ in BREAKERS} == {r.name for r in ENTRY_RULES if r.row_level}


@pytest.mark.parametrize(("rule", "column", "bad"), BREAKERS)
def test_row_rule_quarantines_only_the_bad_row(rule: str, column: str, bad: object) -> None:
    frame = _frame(GOOD, {**GOOD, "article_id": "a2", column: bad})
    outcome = run_suite(frame, ENTRIES_SUITE, PARAMS)
    assert outcome.passed["article_id"].to_list() == ["a1"]
    assert outcome.failed["article_id"].to_list() == ["a2"]
    assert outcome.failed["reasons"].to_list() == [[rule]]
    failed_rules = outcome.results.filter(~pl.col("success"))["rule"].to_list()
    assert failed_rules == [rule]


def test_good_rows_pass_every_rule_and_results_cover_the_suite() -> None:
    frame = _frame(GOOD, {**GOOD, "article_id": "a2", "url": None})
    outcome = run_suite(frame, ENTRIES_SUITE, PARAMS)
    assert outcome.failed.height == 0
    assert outcome.failed.columns == [*frame.columns, "reasons"]
    assert outcome.passed.equals(frame)
    assert outcome.results.schema == pl.Schema(RESULTS_SCHEMA)
    assert outcome.results["rule"].to_list() == [r.name for r in ENTRY_RULES]
    assert outcome.results["success"].all()


def test_a_row_breaking_two_rules_lists_both_reasons() -> None:
    bad = {**GOOD, "title": None, "url": "ftp://x.example/file"}
    outcome = run_suite(_frame(bad), ENTRIES_SUITE, PARAMS)
    assert sorted(outcome.failed["reasons"][0].to_list()) == ["title_present", "url_is_http"]


def test_batch_rules_flag_duplicates_without_quarantining() -> None:
    frame = _frame(GOOD, GOOD)
    outcome = run_suite(frame, ARTICLES_SUITE)
    assert outcome.failed.height == 0
    unique = outcome.results.filter(pl.col("rule") == "article_id_unique").row(0, named=True)
    assert unique["success"] is False
    assert unique["unexpected_count"] == 2
    assert run_suite(_frame(GOOD), ARTICLES_SUITE).results["success"].all()


def test_empty_frame_passes_with_zero_counts() -> None:
    outcome = run_suite(_frame(), ENTRIES_SUITE, PARAMS)
    assert outcome.passed.height == 0
    assert outcome.results["element_count"].to_list() == [0] * len(ENTRY_RULES)


def test_every_rule_says_why_it_exists() -> None:
    for rules in SUITES.values():
        for rule in rules:
            assert len(rule.why) > 20, rule.name
    assert {r.name for r in ARTICLE_RULES}.isdisjoint({r.name for r in ENTRY_RULES})


# ---- the other stages: one passing and one failing literal frame per rule -------------------------------

MENTION = {"article_id": "a1", "entity_key": "country:USA", "start_offset": 3, "matched_text": "U.S."}
MENTION_SCHEMA = {
    "article_id": pl.String(),
    "entity_key": pl.String(),
    "start_offset": pl.Int32(),
    "matched_text": pl.String(),
}
MONEY = {"article_id": "a1", "currency": "USD", "amount": 1.2e9, "amount_usd": 1.2e9}
MONEY_SCHEMA = {
    "article_id": pl.String(),
    "currency": pl.String(),
    "amount": pl.Float64(),
    "amount_usd": pl.Float64(),
}
DEAL = {
    "article_id": "a1",
    "stage": "approved",
    "buyer": "POL",
    "seller_country": "USA",
    "value": 1.2e9,
    "currency": "USD",
    "start_offset": 0,
    "end_offset": 40,
    "offsets_inside_text": True,
    "evidence": "The State Department approved a sale.",
}
DEAL_SCHEMA = {
    "article_id": pl.String(),
    "stage": pl.String(),
    "buyer": pl.String(),
    "seller_country": pl.String(),
    "value": pl.Float64(),
    "currency": pl.String(),
    "start_offset": pl.Int32(),
    "end_offset": pl.Int32(),
    "offsets_inside_text": pl.Boolean(),
    "evidence": pl.String(),
}
PARSED = {"feed": "wire", "entry_content": "x", "date_unparsed": False}
PARSED_SCHEMA = {"feed": pl.String(), "entry_content": pl.String(), "date_unparsed": pl.Boolean()}
FEED = {"feed": "wire", "volume_ratio": 1.0, "date_unparsed_rate": 0.0, "summary_null_rate": 0.0}
FEED_SCHEMA = {
    "feed": pl.String(),
    "volume_ratio": pl.Float64(),
    "date_unparsed_rate": pl.Float64(),
    "summary_null_rate": pl.Float64(),
}

STAGE_BREAKERS = [
    (MENTIONS_SUITE, MENTION, MENTION_SCHEMA, "entity_in_reference", "entity_key", "weapon_system:unknown"),
    (MENTIONS_SUITE, MENTION, MENTION_SCHEMA, "mention_offsets_valid", "start_offset", -1),
    (MENTIONS_SUITE, MENTION, MENTION_SCHEMA, "mention_text_present", "matched_text", None),
    (MONEY_SUITE, MONEY, MONEY_SCHEMA, "currency_is_iso4217", "currency", "XYZ"),
    (MONEY_SUITE, MONEY, MONEY_SCHEMA, "amount_positive", "amount", 0.0),
    (MONEY_SUITE, MONEY, MONEY_SCHEMA, "amount_usd_plausible", "amount_usd", 5e13),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_stage_known", "stage", "rumoured"),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_buyer_is_iso3", "buyer", "Poland"),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_seller_is_iso3", "seller_country", "US"),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_value_positive", "value", 0.0),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_currency_is_iso4217", "currency", "XYZ"),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_offsets_inside_text", "offsets_inside_text", False),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_offsets_ordered", "start_offset", -1),
    (DEALS_SUITE, DEAL, DEAL_SCHEMA, "deal_evidence_present", "evidence", None),
    (PARSED_SUITE, PARSED, PARSED_SCHEMA, "entry_not_empty", "entry_content", None),
    (PARSED_SUITE, PARSED, PARSED_SCHEMA, "dates_parse", "date_unparsed", True),
    (FEEDS_SUITE, FEED, FEED_SCHEMA, "volume_not_dropped", "volume_ratio", 0.0),
    (FEEDS_SUITE, FEED, FEED_SCHEMA, "volume_not_spiked", "volume_ratio", 12.0),
    (FEEDS_SUITE, FEED, FEED_SCHEMA, "dates_mostly_parse", "date_unparsed_rate", 0.5),
    (FEEDS_SUITE, FEED, FEED_SCHEMA, "summaries_mostly_present", "summary_null_rate", 0.9),
]


def test_every_rule_of_every_stage_has_a_breaking_case() -> None:
    covered = (
        {rule for _, _, _, rule, _, _ in STAGE_BREAKERS}
        | {rule for rule, _, _ in BREAKERS}
        | {r.name for r in ARTICLE_RULES}
    )
    assert covered == {rule.name for rules in SUITES.values() for rule in rules}


@pytest.mark.parametrize(
    ("suite", "good", "schema", "rule", "column", "bad"), STAGE_BREAKERS, ids=[b[3] for b in STAGE_BREAKERS]
)
def test_stage_rule_fails_only_on_the_bad_row(
    suite: str, good: dict[str, object], schema: dict[str, pl.DataType], rule: str, column: str, bad: object
) -> None:
    passing = run_suite(pl.DataFrame([good, good], schema=schema), suite, PARAMS)
    assert passing.results["success"].all()
    frame = pl.DataFrame(
        [good, {**good, column: bad, **({"feed": "broken"} if "feed" in good else {})}], schema=schema
    )
    outcome = run_suite(frame, suite, PARAMS)
    failed = outcome.results.filter(~pl.col("success"))
    assert failed["rule"].to_list() == [rule]
    severity = failed["severity"][0]
    if severity == QUARANTINE:
        assert outcome.failed.height == 1
        assert outcome.failed["reasons"].to_list() == [[rule]]
    else:
        assert severity == WARNING
        assert outcome.failed.height == 0  # warnings never set rows aside
        assert outcome.failing_labels[rule] == ["broken"]  # and they name the feed


@pytest.mark.parametrize(
    ("rule", "column"), [("article_id_present", "article_id"), ("published_at_present", "published_at")]
)
def test_article_invariants_fail_as_errors(rule: str, column: str) -> None:
    frame = _frame(GOOD, {**GOOD, "article_id": "a2", column: None})
    outcome = run_suite(frame, ARTICLES_SUITE)
    failed = outcome.results.filter(~pl.col("success"))
    assert failed["rule"].to_list() == [rule]
    assert failed["severity"].to_list() == ["error"]
    assert outcome.failed.height == 0


def test_reference_sets_reach_gx_narrowed_to_the_values_the_columns_use() -> None:
    deals = pl.DataFrame(
        {
            "buyer": ["POL", None, "XXX"],
            "seller_country": ["KOR", "POL", None],
            "currency": ["EUR"] * 3,
            "stage": ["approved", None, "approved"],
        }
    )
    reference = {**PARAMS, "countries": ["USA", "POL", "KOR", "DEU"]}
    narrowed = narrowed_parameters(deals, SUITES[DEALS_SUITE], reference)
    assert narrowed["countries"] == [
        "POL",
        "KOR",
    ]  # both columns, the reference's order, nulls and XXX left out
    assert narrowed["currencies"] == ["EUR"]
    assert narrowed["deal_stages"] == ["approved"]
    assert narrowed["max_published_at"] == PARAMS["max_published_at"]  # not a value set: as given


def test_a_narrowed_reference_gives_every_row_the_verdict_of_the_whole_set() -> None:
    mentions = pl.DataFrame(
        {
            "entity_key": ["country:USA", "country:XXX", None, "weapon_system:patriot"],
            "start_offset": [0, 5, 9, 12],
            "matched_text": ["US", "Xland", "it", "Patriot"],
        }
    )
    assert narrowed_parameters(mentions, SUITES[MENTIONS_SUITE], PARAMS)["entity_keys"] == [
        "country:USA",
        "weapon_system:patriot",
    ]
    outcome = run_suite(mentions, MENTIONS_SUITE, PARAMS)
    assert outcome.failed["entity_key"].to_list() == ["country:XXX"]
    assert outcome.failed["reasons"].to_list() == [["entity_in_reference"]]
    assert outcome.passed.height == 3
    nothing_known = run_suite(mentions.slice(1, 1), MENTIONS_SUITE, PARAMS)  # narrowed to an empty set
    assert nothing_known.failed["reasons"].to_list() == [["entity_in_reference"]]


def test_great_expectations_gets_the_checked_integers_as_int64_with_the_same_values() -> None:
    frame = pl.DataFrame(
        {
            ROW_ID: pl.Series([0, 1, 2], dtype=pl.UInt32),
            "start_offset": pl.Series([0, 7, 2_000_000_000], dtype=pl.Int32),
            "summary_length": pl.Series([12, 0, 4_000_000_000], dtype=pl.UInt32),
            "code": ["USA", "FRA", "DEU"],
        }
    )
    pandas = pandas_frame(frame)
    assert {name: str(dtype) for name, dtype in pandas.dtypes.items() if name != "code"} == {
        ROW_ID: "uint32",
        "start_offset": "int64",
        "summary_length": "int64",
    }
    assert pandas["start_offset"].tolist() == [0, 7, 2_000_000_000]
    assert pandas["summary_length"].tolist() == [12, 0, 4_000_000_000]
