from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from schemas.frames import MONEY_SCHEMA
from transforms.money import extract_money

FX = pl.DataFrame(
    {
        "currency": ["EUR", "EUR", "GBP", "JPY", "INR", "ILS"],
        "year": [2024, 2025, 2025, 2025, 2025, 2025],
        "usd_per_unit": [1.08, 1.13, 1.32, 0.0067, 0.0116, 0.2857],
    }
)


def _one(text: str, year: int = 2025) -> list[tuple[str, float, str]]:
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "published_at": [datetime(year, 6, 1, tzinfo=UTC)],
            "title": [text],
            "summary": [None],
        },
        schema={
            "article_id": pl.String(),
            "published_at": pl.Datetime("us", "UTC"),
            "title": pl.String(),
            "summary": pl.String(),
        },
    )
    result = extract_money(articles, FX)
    return [(r["text"], r["amount"], r["currency"]) for r in result.iter_rows(named=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a $1.2 billion deal", [("$1.2 billion", 1.2e9, "USD")]),
        ("worth US$500 million", [("US$500 million", 5e8, "USD")]),
        ("EUR 3bn programme", [("EUR 3bn", 3e9, "EUR")]),
        ("a €3bn programme", [("€3bn", 3e9, "EUR")]),
        ("a £250m order", [("£250m", 2.5e8, "GBP")]),
        ("¥1 trillion budget", [("¥1 trillion", 1e12, "JPY")]),
        ("1.5 billion dollars", [("1.5 billion dollars", 1.5e9, "USD")]),
        ("Rs 2,000 crore", [("Rs 2,000 crore", 2e10, "INR")]),
        ("NIS 38 million", [("NIS 38 million", 3.8e7, "ILS")]),
        ("a $431,250,000 modification", [("$431,250,000", 431_250_000.0, "USD")]),
        ("Japan Signs $2.3 Billion Deal", [("$2.3 Billion", 2.3e9, "USD")]),
        (
            "A$1.7 billion and 20 Australian dollars",
            [("A$1.7 billion", 1.7e9, "AUD"), ("20 Australian dollars", 20.0, "AUD")],
        ),
        ("500 million euros", [("500 million euros", 5e8, "EUR")]),
        ("$5M and $2B", [("$5M", 5e6, "USD"), ("$2B", 2e9, "USD")]),
        ("a 5 mile range, 155mm shells, F-35 jets", []),
        ("4,000 pounds of turkey", []),
        ("about 1 billion pounds each", [("1 billion pounds", 1e9, "GBP")]),
        ("58 billion Danish kroner", [("58 billion Danish kroner", 5.8e10, "DKK")]),
        (
            "SEK 8.6 billion and 3 billion Swedish kronor",
            [("SEK 8.6 billion", 8.6e9, "SEK"), ("3 billion Swedish kronor", 3e9, "SEK")],
        ),
    ],
)
def test_amounts_and_currencies(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _one(text) == expected


def test_usd_conversion_uses_the_year_or_the_nearest_year() -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "published_at": [datetime(y, 1, 1, tzinfo=UTC) for y in (2024, 2025, 2030, 2025)],
            "title": ["€1 million", "€1 million", "€1 million", "₩1 million"],
            "summary": [None, None, None, None],
        }
    )
    result = extract_money(articles, FX)
    assert result.schema == pl.Schema(MONEY_SCHEMA)
    usd = dict(zip(result["article_id"], result["amount_usd"], strict=True))
    assert usd["a"] == pytest.approx(1.08e6)
    assert usd["b"] == pytest.approx(1.13e6)
    assert usd["c"] == pytest.approx(1.13e6)  # after the table's last year: its latest rate
    assert usd["d"] is None  # no KRW rate in this table: amount kept, dollars unknown


def test_offsets_are_characters() -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "published_at": [datetime(2025, 1, 1, tzinfo=UTC)],
            "title": ["Café – €3bn"],
            "summary": ["x"],
        }
    )
    row = extract_money(articles, FX).row(0, named=True)
    assert "Café – €3bn"[row["start_offset"] : row["end_offset"]] == "€3bn"
