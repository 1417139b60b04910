"""Money amounts in article text: "$1.2 billion", "US$500 million", "EUR 3bn", "€3bn", "£250m",
"¥1 trillion", "1.5 billion dollars", "Rs 2,000 crore", "NIS 38 million" -> amount in units + ISO 4217 code,
converted to US dollars with a yearly rate table.

One regular expression runs over the whole text column (``str.extract_all``); the pieces of each match are
then read with ``str.extract_groups``: no per-row Python.
"""

from __future__ import annotations

import polars as pl

from schemas.frames import MONEY_SCHEMA

MONEY_VERSION = "money-1"

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MULTIPLIER = r"(?i:thousand|million|billion|trillion|crore|lakh|mln|mn|bn|tn|trn|m|b|k)"
SYMBOLS = r"US\$|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|S\$|NT\$|R\$|\$|€|£|¥|₹|₩|₪|₽|₺"
CODES = (
    r"USD|EUR|GBP|JPY|INR|KRW|ILS|NIS|RUB|PLN|SEK|NOK|DKK|CHF|AUD|CAD|NZD|TRY|CNY|RMB|SAR|AED|TWD|SGD|"
    r"BRL|ZAR|CZK|HUF|RON|UAH|Rs\.?|Rp"
)
WORDS = (
    r"(?i:(?:U\.S\.|US|American|Australian|Canadian|New Zealand|Singapore|Taiwan|Taiwanese|Hong Kong|"
    r"Danish|Norwegian|Swedish)\s)?"
    r"(?i:dollars?|euros?|pounds sterling|pounds?|yen|yuan|renminbi|rupees?|won|shekels?|rubles?|roubles?|"
    r"zlotys?|zloty|kronor|kroner|krona|krone|Swiss francs?|riyals?|dirhams?|liras?|hryvnias?)"
)
PATTERN = (
    rf"(?:(?P<sym>{SYMBOLS})\s?(?P<n1>{NUMBER})(?:[\s-]?(?P<m1>{MULTIPLIER})\b)?)"
    rf"|(?:\b(?P<code>{CODES})\s?(?P<n2>{NUMBER})(?:[\s-]?(?P<m2>{MULTIPLIER})\b)?)"
    rf"|(?:\b(?P<n3>{NUMBER})(?:\s?(?P<m3>{MULTIPLIER}))?\s(?P<word>{WORDS})\b)"
)

MULTIPLIERS = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "crore": 1e7, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
SYMBOL_CURRENCY = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "R$": "BRL", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₪": "ILS", "₽": "RUB", "₺": "TRY",
}  # fmt: skip
CODE_CURRENCY = {"NIS": "ILS", "RMB": "CNY", "Rs": "INR", "Rs.": "INR", "Rp": "IDR"}
WORD_CURRENCY = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "pounds sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "won": "KRW", "shekel": "ILS", "ruble": "RUB", "rouble": "RUB",
    "zloty": "PLN", "krona": "SEK", "kronor": "SEK", "kroner": "NOK", "krone": "DKK", "swiss franc": "CHF",
    "riyal": "SAR",
    "dirham": "AED", "lira": "TRY", "hryvnia": "UAH",
}  # fmt: skip
DOLLAR_QUALIFIERS = {
    "u.s.": "USD", "us": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
    "new zealand": "NZD", "singapore": "SGD", "taiwan": "TWD", "taiwanese": "TWD", "hong kong": "HKD",
}  # fmt: skip

FIELDS = ("title", "summary")


QUALIFIER = (
    r"^(u\.s\.|us|american|australian|canadian|new zealand|singapore|taiwanese|taiwan|hong kong|"
    r"danish|norwegian|swedish)\s"
)
CROWNS = {"danish": "DKK", "norwegian": "NOK", "swedish": "SEK"}


def _word_currency(word: pl.Expr) -> pl.Expr:
    """'Australian dollars' -> AUD, 'Danish kroner' -> DKK, 'euros' -> EUR (plural s dropped)."""
    lowered = word.str.to_lowercase()
    qualifier = lowered.str.extract(QUALIFIER, 1)
    noun = lowered.str.replace(QUALIFIER, "")
    singular = (
        pl.when(noun.is_in(["pounds sterling", "kronor", "kroner"]))
        .then(noun)
        .otherwise(noun.str.replace(r"s$", ""))
    )
    by_noun = singular.replace_strict(WORD_CURRENCY, default=None, return_dtype=pl.String())
    dollar = qualifier.replace_strict(DOLLAR_QUALIFIERS, default=None, return_dtype=pl.String())
    crown = qualifier.replace_strict(CROWNS, default=None, return_dtype=pl.String())
    return (
        pl.when(singular == "dollar")
        .then(pl.coalesce(dollar, pl.lit("USD")))
        .when(crown.is_not_null())
        .then(crown)
        .otherwise(by_noun)
    )


def extract_money(articles: pl.DataFrame, fx_rates: pl.DataFrame) -> pl.DataFrame:
    """Money amounts in ``articles`` (article_id, title, summary, published_at), one row per match.

    ``fx_rates`` has (currency, year, usd_per_unit); the rate of the article's year is used, else the
    nearest year the table has for that currency. Offsets are character positions in the field.
    """
    texts = (
        articles.select("article_id", "published_at", *FIELDS)
        .unpivot(
            index=["article_id", "published_at"], on=list(FIELDS), variable_name="field", value_name="value"
        )
        .filter(pl.col("value").is_not_null())
    )
    found = texts.with_columns(text=pl.col("value").str.extract_all(PATTERN)).filter(
        pl.col("text").list.len() > 0
    )
    if found.height == 0:
        return pl.DataFrame(schema=MONEY_SCHEMA)
    found = found.with_columns(byte_start=pl.col("value").str.find_many(pl.col("text"), leftmost=True))
    found = found.filter(pl.col("text").list.len() == pl.col("byte_start").list.len())
    found = found.explode("text", "byte_start")
    parts = found.select(pl.col("text").str.extract_groups(PATTERN)).unnest("text")
    found = pl.concat([found, parts], how="horizontal")
    number = pl.coalesce("n1", "n2", "n3").str.replace_all(",", "").cast(pl.Float64)
    multiplier = (
        pl.coalesce("m1", "m2", "m3")
        .str.to_lowercase()
        .replace_strict(MULTIPLIERS, default=1.0, return_dtype=pl.Float64)
        .fill_null(1.0)
    )
    symbol = pl.col("sym").str.replace_all(r"\s", " ")
    currency = pl.coalesce(
        symbol.replace_strict(SYMBOL_CURRENCY, default=None, return_dtype=pl.String()),
        pl.col("code").replace_strict(CODE_CURRENCY, default=pl.col("code"), return_dtype=pl.String()),
        _word_currency(pl.col("word")),
    )
    start = pl.col("value").cast(pl.Binary).bin.slice(0, pl.col("byte_start")).cast(pl.String).str.len_chars()
    found = found.with_columns(
        amount=number * multiplier,
        currency=currency,
        year=pl.col("published_at").dt.year().cast(pl.Int32),
        start_offset=start.cast(pl.Int32),
    ).with_columns(end_offset=(pl.col("start_offset") + pl.col("text").str.len_chars()).cast(pl.Int32))
    # "4,000 pounds of turkey" is a weight: the bare word "pounds" counts as money only with a multiplier
    bare_pounds = pl.col("word").str.to_lowercase().is_in(["pound", "pounds"]).fill_null(False)
    weight = bare_pounds & pl.coalesce("m1", "m2", "m3").is_null()
    found = found.filter(pl.col("currency").is_not_null() & (pl.col("amount") > 0) & ~weight)
    return _to_usd(found, fx_rates).select(list(MONEY_SCHEMA)).cast(MONEY_SCHEMA)  # type: ignore[arg-type]


def _to_usd(found: pl.DataFrame, fx_rates: pl.DataFrame) -> pl.DataFrame:
    rates = fx_rates.select(
        pl.col("currency").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.col("usd_per_unit").cast(pl.Float64),
    )
    bounds = rates.group_by("currency").agg(
        pl.col("year").min().alias("lo"), pl.col("year").max().alias("hi")
    )
    with_year = found.join(bounds, on="currency", how="left").with_columns(
        rate_year=pl.col("year").clip(pl.col("lo"), pl.col("hi"))
    )
    joined = with_year.join(
        rates.rename({"year": "rate_year"}), on=["currency", "rate_year"], how="left"
    ).with_columns(
        usd_per_unit=pl.when(pl.col("currency") == "USD").then(pl.lit(1.0)).otherwise(pl.col("usd_per_unit"))
    )
    return joined.with_columns(
        amount_usd=pl.col("amount") * pl.col("usd_per_unit"), extractor_version=pl.lit(MONEY_VERSION)
    )
