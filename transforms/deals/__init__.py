"""Deal facts: who buys what from whom, for how much, at what stage, with the sentence that says so.

Three rule sets, tried in this order on each text (an article's title and its summary separately):

- ``dod_contract``: the U.S. Department of Defense daily contract announcements. A paragraph starts with
  "<contractor>, <city>, <state>, has been awarded ..." (several contractors separated by semicolons share one
  value) and runs until the next such sentence; the value is the face value in that first sentence (obligated
  funds and cumulative totals never count), the stage is awarded, modification or option, the contract
  number is the first PIID of the paragraph (a contractor's own in a multiple award), the agency is the
  contracting activity without its location. The buyer is always USA.
- ``dsca_fms``: Foreign Military Sale notifications and the news that reports them ("approved a possible
  sale to ..."): buyer, estimated cost, the items requested, the principal contractor. Stage approved, or
  requested when the text only says the country asked to buy.
- ``news``: any other sentence with a deal verb (signed, ordered, awarded, took delivery, ...) that is not
  an intention, a budget line or a yearly total. Country, organization and weapon-system mentions come from
  the gazetteer pass (``transforms.extract``), amounts from ``transforms.money``; the rules decide which of
  them belong to the deal.

Only texts that contain a deal word reach the rules (one vectorized filter); the rules run per text in
Python with precompiled expressions. Offsets are characters of the field, like the other facts."""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl

from schemas.frames import DEAL_SCHEMA
from transforms.deals.common import (
    DEALS_VERSION,
    FIELDS,
    Amount,
    Deal,
    DealReferences,
    Mention,
    deal_references,
)
from transforms.deals.dod import DOD_MARK, dod_deals
from transforms.deals.fms import FMS_MARK, FMS_REQUEST, fms_deal
from transforms.deals.news import news_deals
from transforms.sentences import sentence_spans

__all__ = ["DEALS_VERSION", "DealReferences", "deal_references", "deals_in_text", "extract_deals"]

# A text goes through the rules only when it contains one of these (case-insensitive, vectorized).
# A text goes through the rules only when it contains one of these: every word a rule starts from.
CANDIDATE = (
    r"(?i)\b(?:award|contract|order|sale|sold|sell|sign|inked|inks|conclud|seal|deliver|handed|hands\s+over|"
    r"receiv|approv|clear|green|authori|deal|agreement|purchas|procur|bought|buys|buy|select|picked|chose|"
    r"tapped|request|option|exercis|modif|amend|expand|won|wins|win|secure|acqui|gave|supply|provide|"
    r"build|produce|booked)"
)


def deals_in_text(
    text: str, mentions: list[Mention], amounts: list[Amount], refs: DealReferences
) -> list[Deal]:
    """The deals one text states, in order."""
    spans = sentence_spans(text)
    if not spans:
        return []
    weapons = [m for m in mentions if m.entity_type == "weapon_system"]
    if DOD_MARK.search(text):
        dod = dod_deals(text, spans, amounts, weapons, refs)
        if dod:
            return dod
    if FMS_MARK.search(text) or FMS_REQUEST.search(text):
        fms = fms_deal(text, spans, mentions, amounts, refs)
        if fms is not None:
            return [fms]
    return _dedupe(news_deals(text, spans, mentions, amounts, refs))


def _dedupe(deals: list[Deal]) -> list[Deal]:
    kept: list[Deal] = []
    for deal in deals:
        if any(_same(deal, other) for other in kept):
            continue
        kept.append(deal)
    return kept


def _same(a: Deal, b: Deal) -> bool:
    if a.amount and b.amount:
        return abs(a.amount.amount - b.amount.amount) <= 0.01 * max(a.amount.amount, b.amount.amount)
    if a.amount or b.amount:
        return (a.buyer == b.buyer and a.buyer is not None) and (
            (a.weapon_id is not None and a.weapon_id == b.weapon_id)
            or (a.supplier is not None and a.supplier == b.supplier)
        )
    return (a.supplier, a.system) == (b.supplier, b.system)


def extract_deals(
    articles: pl.DataFrame, mentions: pl.DataFrame, money: pl.DataFrame, refs: DealReferences
) -> pl.DataFrame:
    """Deals stated in ``articles`` (article_id, title, summary), from their mentions and money amounts."""
    texts = (
        articles.select("article_id", *FIELDS)
        .unpivot(index="article_id", on=list(FIELDS), variable_name="field", value_name="text")
        .filter(pl.col("text").str.contains(CANDIDATE).fill_null(False))
    )
    if texts.height == 0:
        return pl.DataFrame(schema=DEAL_SCHEMA)
    keys = ["article_id", "field"]
    facts = (
        texts.select(keys)
        .join(
            mentions.select(
                *keys,
                mention=pl.struct(
                    pl.col("entity_type"),
                    pl.col("entity_id"),
                    pl.col("matched_text").alias("text"),
                    pl.col("start_offset").alias("start"),
                    pl.col("end_offset").alias("end"),
                ),
            )
            .group_by(keys)
            .agg(pl.col("mention").sort_by(pl.col("mention").struct.field("start"))),
            on=keys,
            how="left",
        )
        .join(
            money.select(
                *keys,
                amount=pl.struct(
                    pl.col("amount"),
                    pl.col("currency"),
                    pl.col("amount_usd").alias("usd"),
                    pl.col("text"),
                    pl.col("start_offset").alias("start"),
                    pl.col("end_offset").alias("end"),
                ),
            )
            .group_by(keys)
            .agg(pl.col("amount").sort_by(pl.col("amount").struct.field("start"))),
            on=keys,
            how="left",
        )
    )
    rows: list[dict[str, Any]] = []
    for (article_id, field_name, text), (_, _, found, money_found) in zip(
        texts.iter_rows(), facts.iter_rows(), strict=True
    ):
        found_mentions = [Mention(**m) for m in found or []]
        found_amounts = [Amount(**a) for a in money_found or []]
        for position, deal in enumerate(deals_in_text(text, found_mentions, found_amounts, refs)):
            rows.append(_row(article_id, field_name, text, position, deal))
    frame = pl.DataFrame(rows, schema=DEAL_SCHEMA) if rows else pl.DataFrame(schema=DEAL_SCHEMA)
    return _drop_title_repeats(frame)


def _row(article_id: str, field_name: str, text: str, position: int, deal: Deal) -> dict[str, Any]:
    key = f"{article_id}\x1f{field_name}\x1f{deal.start}\x1f{position}"
    amount = deal.amount
    return {
        "deal_id": hashlib.sha256(key.encode()).hexdigest()[:32],
        "article_id": article_id,
        "field": field_name,
        "rule": deal.rule,
        "buyer": deal.buyer,
        "seller_country": deal.seller_country,
        "supplier": deal.supplier,
        "supplier_id": deal.supplier_id,
        "system": deal.system,
        "weapon_id": deal.weapon_id,
        "quantity": deal.quantity,
        "value": amount.amount if amount else None,
        "currency": amount.currency if amount else None,
        "value_usd": amount.usd if amount else None,
        "value_text": amount.text if amount else None,
        "stage": deal.stage,
        "contract_id": deal.contract_id,
        "agency": deal.agency,
        "evidence": text[deal.start : deal.end],
        "start_offset": deal.start,
        "end_offset": deal.end,
        "extractor_version": DEALS_VERSION,
    }


def _drop_title_repeats(frame: pl.DataFrame) -> pl.DataFrame:
    """A headline deal that the summary states too (same value, or same buyer and system) counts once."""
    titles = frame.filter(pl.col("field") == "title")
    if titles.height == 0:
        return frame
    summaries = frame.filter(pl.col("field") == "summary").select(
        "article_id", s_value="value", s_buyer="buyer", s_weapon="weapon_id", s_supplier="supplier_id"
    )
    paired = titles.join(summaries, on="article_id", how="inner")
    same_value = (pl.col("value") - pl.col("s_value")).abs() <= 0.01 * pl.max_horizontal("value", "s_value")
    same_deal = (pl.col("buyer") == pl.col("s_buyer")) & (
        (pl.col("weapon_id") == pl.col("s_weapon")) | (pl.col("supplier_id") == pl.col("s_supplier"))
    )
    repeated = (
        paired.filter(same_value.fill_null(False) | same_deal.fill_null(False)).select("deal_id").unique()
    )
    return frame.join(repeated, on="deal_id", how="anti")
