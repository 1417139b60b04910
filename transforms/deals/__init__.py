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
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import groupby
from operator import itemgetter
from typing import Any

import polars as pl

from core.runtime import collection_paused
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
from transforms.deals.news import (
    VERB_KEYS,
    Cue,
    blank_background,
    counts_deals,
    news_deals,
    sentence_cues,
    sentence_stage,
)
from transforms.sentences import sentence_spans

__all__ = [
    "DEALS_VERSION",
    "DealReferences",
    "DealTexts",
    "deal_references",
    "deal_texts",
    "deals_in_text",
    "extract_deals",
]

# Found in the whole text column at once (Rust regex and Aho-Corasick), so that Python reads only the texts
# and sentences where a rule can start: a DoD announcement, an FMS notice, a deal verb.
DOD_TEXT = r"(?i)contracting (?:activity|agency)"
MARK_KEYS = (
    "contracting",
    "military sale",
    "fms",
    "possible",
    "potential",
    "proposed",
    "letter",
    "requested",
)
FMS_TEXT = (
    r"(?i)foreign military sale|\bFMS\b|(?:possible|potential|proposed)\b.{0,40}\bsale|"
    r"letter\(?s?\)? of offer|"
    r"requested (?:to buy|to purchase|to procure|a possible sale|the possible sale|the sale)"
)


# deals-20: an opinion piece, by its label ("OPINION | Manila needs more BrahMos, not more studies")
OPINION = re.compile(
    r"[\s\"“]*(?:OPINION|COMMENTARY|EDITORIAL|OP-ED|Opinion|Commentary|Editorial|Op-ed)\s*[|:–—-]"
)


def deals_in_text(
    text: str,
    mentions: list[Mention],
    amounts: list[Amount],
    refs: DealReferences,
    verbs: list[int] | None = None,
    marked: bool = True,
    cues: dict[int, Cue] | None = None,
    spans: list[tuple[int, int]] | None = None,
    verb_spans: list[tuple[int, int]] | None = None,
) -> list[Deal]:
    """The deals one text states, in order. ``verbs``: where deal-verb keys occur (characters), None to look
    everywhere; ``marked``: whether the text may be a DoD announcement or an FMS notice; ``cues``: what the
    vectorized pass found in its sentences (by sentence start); ``spans``: its sentences, if known;
    ``verb_spans``: those of them that hold a deal verb, if known (then ``verbs`` is not read)."""
    spans = body_first(text, sentence_spans(text)) if spans is None else spans
    if not spans:
        return []
    if marked and DOD_MARK.search(text):
        weapons = [m for m in mentions if m.entity_type == "weapon_system"]
        dod = dod_deals(text, spans, amounts, weapons, refs)
        if dod:
            return dod
    if marked and (FMS_MARK.search(text) or FMS_REQUEST.search(text)):
        fms = fms_deal(text, spans, mentions, amounts, refs)
        if fms is not None:
            return [fms]
    if OPINION.match(text):
        return []  # deals-20: an opinion piece argues; the deals it recalls are background
    sentences = spans
    if verb_spans is not None:
        spans = verb_spans
    elif verbs is not None:
        spans = verb_sentences(spans, verbs)
    return _dedupe(text, news_deals(text, spans, mentions, amounts, refs, cues, sentences))


def body_first(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """deals-13: a headline on a line of its own is read with the body's first sentence (deals-12), unless
    both state a deal at different stages; then the headline is left out ("Norway orders torpedoes, receives
    first new CV90s" over a sentence that signs for the torpedoes): it sums up more than that sentence says,
    and read with it lends the sentence its verbs and items. A headline at the same stage as the sentence
    ("Terma wins Danish radar contract" over "Terma has won a contract ...") still lends it what it lacks."""
    if not spans or spans[0][0] != 0:
        return spans
    first_end = spans[0][1]
    line_end = text.find("\n", 0, first_end)
    if line_end <= 0 or text[:line_end].rstrip().endswith((".", "?", "!", ":")):
        return spans
    body = line_end + 1
    while body < first_end and text[body].isspace():
        body += 1
    if body >= first_end:
        return spans
    headline = sentence_stage(text[:line_end])
    if headline is None:
        return spans
    stated = sentence_stage(blank_background(text[body:first_end])[0])
    if stated is None or stated[0] == headline[0]:
        return spans
    return [(body, first_end), *spans[1:]]


def verb_sentences(spans: list[tuple[int, int]], verbs: list[int]) -> list[tuple[int, int]]:
    """The sentences that contain one of the ``verbs`` offsets (both in text order)."""
    if len(spans) == 1:
        return spans if verbs else []
    starts = [start for start, _ in spans]
    chosen: list[tuple[int, int]] = []
    for verb in verbs:
        at = bisect_right(starts, verb) - 1
        if at >= 0 and verb < spans[at][1] and (not chosen or chosen[-1] != spans[at]):
            chosen.append(spans[at])
    return chosen


def _char_offsets(text: str, byte_offsets: list[int]) -> list[int]:
    """Byte offsets (from polars) as character offsets."""
    if text.isascii():
        return byte_offsets
    encoded = text.encode("utf-8")
    return [len(encoded[:offset].decode("utf-8", errors="ignore")) for offset in byte_offsets]


def _dedupe(text: str, deals: list[Deal]) -> list[Deal]:
    kept: list[Deal] = []
    for deal in deals:
        twin = next((number for number, other in enumerate(kept) if _same(deal, other)), None)
        if twin is None:
            kept.append(deal)
        elif kept[twin].amount is None and deal.amount is not None and 0 <= deal.start - kept[twin].end <= 5:
            # deals-30: the next clause of the same sentence says the deal with its amount ("chose the German
            # system and signed a €320 million contract with Diehl Defence ..."): that clause is the deal
            kept[twin] = deal
    if len(kept) > 1 and kept[0].start == 0 and _headline(text[kept[0].start : kept[0].end]):
        first = kept[0]  # "Leonardo Lands €1bn ... Deal. ... worth €987 million": the body's deal, once
        if any(_repeats(first, other) for other in kept[1:]):
            return kept[1:]
    if len(kept) > 1 and kept[0].start == 0:
        # deals-12: a headline on a line of its own ("Germany signs first F127 construction contract\n"), read
        # with the body's first sentence; when the body states the deal again (same supplier, or buyer and
        # system), the headline's deal is that one, and an amount it took from the glued sentence ("...
        # programme is expected to cost about €26 billion in total") is not its own
        first, line_end = kept[0], text.find("\n", 0, kept[0].end)
        if (
            line_end > 0
            and not text[:line_end].rstrip().endswith((".", "?", "!", ":"))
            and (first.amount is None or first.amount.start > line_end)
            and sentence_stage(text[line_end : first.end]) is None  # the glued sentence states no deal itself
            and any(_repeats(replace(first, amount=None), other) for other in kept[1:])
        ):
            return kept[1:]
    return kept


def _headline(sentence: str) -> bool:
    """A headline written in title case at the start of a summary."""
    words = [word for word in sentence.split() if len(word) > 3 and word[0].isalpha()]
    return len(words) >= 3 and sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def _repeats(headline: Deal, deal: Deal) -> bool:
    """A headline's deal said again by the text: same supplier, or buyer and system, and a rounded value."""
    if _delivery_and_other(headline, deal):
        return False  # deals-19: a delivery is not the order said again (nor a sentence read as a headline)
    same_party = (headline.supplier is not None and headline.supplier_id == deal.supplier_id) or (
        headline.buyer is not None
        and headline.buyer == deal.buyer
        and headline.weapon_id is not None
        and headline.weapon_id == deal.weapon_id
    )
    if not same_party:
        return False
    if headline.amount is None or deal.amount is None:
        return True
    if headline.amount.currency == deal.amount.currency:
        return abs(headline.amount.amount - deal.amount.amount) <= 0.05 * deal.amount.amount
    # deals-5: "Hanwha Ocean Bags $1bn Submarine Deal. ... worth 1.45 trillion won": compared in dollars, at a
    # yearly rate (10%)
    if headline.amount.usd is None or deal.amount.usd is None:
        return False
    return abs(headline.amount.usd - deal.amount.usd) <= 0.1 * deal.amount.usd


def _delivery_and_other(a: Deal, b: Deal) -> bool:
    """deals-17: a delivery and a deal at another stage are two pieces of news, never one said twice."""
    return a.stage != b.stage and "delivered" in (a.stage, b.stage)


def _same(a: Deal, b: Deal) -> bool:
    if _delivery_and_other(a, b):
        return False
    if a.amount and b.amount:
        return abs(a.amount.amount - b.amount.amount) <= 0.01 * max(a.amount.amount, b.amount.amount)
    if a.amount or b.amount:
        return (a.buyer == b.buyer and a.buyer is not None) and (
            (a.weapon_id is not None and a.weapon_id == b.weapon_id)
            or (a.supplier is not None and a.supplier == b.supplier)
        )
    return (a.supplier, a.system) == (b.supplier, b.system)


@dataclass(frozen=True)
class DealTexts:
    """The texts of a batch where a deal rule can start, found from the texts alone (no mentions nor money
    needed: a worker process finds them while the mentions are being extracted)."""

    records: list[tuple[str, str, str, list[int], bool]]  # article_id, field, text, verb keys, marked
    spans: list[list[tuple[int, int]]]  # each record's sentences
    cues: dict[int, dict[int, Cue]]  # what the vectorized pass found in its verb sentences
    kept: list[int]  # the records the rules read
    verb_spans: dict[int, list[tuple[int, int]]]  # the verb sentences of each unmarked record


def extract_deals(
    articles: pl.DataFrame,
    mentions: pl.DataFrame,
    money: pl.DataFrame,
    refs: DealReferences,
    texts: DealTexts | None = None,
) -> pl.DataFrame:
    """Deals stated in ``articles`` (article_id, title, summary), from their mentions and money amounts
    (``texts``: what :func:`deal_texts` found in these articles, if it was called already).

    The rules allocate many short-lived records and create no reference cycles, so the cyclic garbage
    collector is paused meanwhile: in a pipeline process with a large heap its passes cost a fifth of the
    time otherwise. It is switched back on (if it was on) whatever happens."""
    with collection_paused():
        return _deals_of(_deal_texts(articles) if texts is None else texts, mentions, money, refs)


def deal_texts(articles: pl.DataFrame) -> DealTexts:
    """The texts of ``articles`` (article_id, title, summary) where a deal rule can start: about a third
    of the work of :func:`extract_deals`, which can be given them."""
    with collection_paused():
        return _deal_texts(articles)


def _deal_texts(articles: pl.DataFrame) -> DealTexts:
    texts = (
        articles.select("article_id", *FIELDS)
        .unpivot(index="article_id", on=list(FIELDS), variable_name="field", value_name="text")
        .filter(pl.col("text").is_not_null())
        .with_columns(
            verbs=pl.col("text").str.find_many(list(VERB_KEYS), ascii_case_insensitive=True),
            marked=pl.col("text").str.contains_any(list(MARK_KEYS), ascii_case_insensitive=True),
        )
        .filter((pl.col("verbs").list.len() > 0) | pl.col("marked"))
    )
    if texts.height == 0:
        return DealTexts([], [], {}, [], {})
    # the regexes only where one of their keys occurs
    marked = texts.filter(pl.col("marked")).select(
        "article_id",
        "field",
        exact=pl.col("text").str.contains(DOD_TEXT) | pl.col("text").str.contains(FMS_TEXT),
    )
    texts = texts.join(marked, on=["article_id", "field"], how="left", maintain_order="left").with_columns(
        marked=pl.col("exact").fill_null(False)
    )
    columns = texts.select("article_id", "field", "text", "verbs", "marked").to_dict(as_series=False)
    records = list(zip(*columns.values(), strict=True))
    # an unmarked text is read only up to two sentences after its last deal verb (deals-11; one before)
    spans = [
        body_first(
            text, sentence_spans(text, None if marked else (_char_offsets(text, verbs)[-1] if verbs else 0))
        )
        for _, _, text, verbs, marked in records
    ]
    cues, verb_spans = _cues(records, spans)
    # only texts where a rule can start go on: a DoD or FMS text, or a deal verb in a sentence that is not
    # an intention, a budget line or a total
    kept = [
        index
        for index, record in enumerate(records)
        if record[4]
        or any(
            cue.clause or cue.background or (cue.stage and not cue.negative)
            for cue in cues.get(index, {}).values()
        )
        or _counted(record[2], cues.get(index, {}).values())
    ]
    return DealTexts(records, spans, cues, kept, verb_spans)


def _deals_of(
    texts: DealTexts, mentions: pl.DataFrame, money: pl.DataFrame, refs: DealReferences
) -> pl.DataFrame:
    """The deals of the texts where a rule can start."""
    records, spans, cues, kept = texts.records, texts.spans, texts.cues, texts.kept
    if not kept:
        return pl.DataFrame(schema=DEAL_SCHEMA)
    keys = ["article_id", "field"]
    wanted = pl.DataFrame(
        {"article_id": [records[i][0] for i in kept], "field": [records[i][1] for i in kept], "index": kept},
        schema={"article_id": pl.String(), "field": pl.String(), "index": pl.Int64()},
    )
    found_mentions = _grouped(wanted, mentions, keys, ["entity_type", "entity_id", "matched_text"], Mention)
    found_money = _grouped(wanted, money, keys, ["amount", "currency", "amount_usd", "text"], Amount)
    rows: list[tuple[Any, ...]] = []
    for index in kept:
        article_id, field_name, text, verbs, marked = records[index]
        in_text: list[Mention] = found_mentions.get(index, [])
        amounts: list[Amount] = found_money.get(index, [])
        verb_spans = None if marked else texts.verb_spans[index]  # found once, for the cues
        found_deals = deals_in_text(
            text,
            in_text,
            amounts,
            refs,
            _char_offsets(text, verbs) if marked else None,
            marked,
            None if marked else cues.get(index, {}),
            spans[index],
            verb_spans,
        )
        for position, deal in enumerate(found_deals):
            rows.append(_row(article_id, field_name, text, position, deal))
    columns = dict(zip(DEAL_SCHEMA, zip(*rows, strict=True), strict=True)) if rows else None
    frame = pl.DataFrame(columns, schema=DEAL_SCHEMA)  # from columns: faster than from rows
    return _drop_title_repeats(frame)


def _counted(text: str, cues: Any) -> bool:
    """deals-19: a sentence that counts deals ("signed two contracts worth a combined SR 4.9 billion") reads
    as a total, but the sentence after it may list them: the text goes on to the rules."""
    return any(cue.stage and cue.negative for cue in cues) and counts_deals(text)


def _grouped(
    wanted: pl.DataFrame, facts: pl.DataFrame, keys: list[str], columns: list[str], kind: Any
) -> dict[int, list[Any]]:
    """``facts`` rows of the wanted texts as ``kind`` records (Mention or Amount: the columns in its field
    order, then the offsets), by text index, in order of offset. Plain columns, not lists of structs:
    polars hands those to Python an order of magnitude faster."""
    flat = (
        facts.join(wanted, on=keys, how="inner")
        .sort("index", "start_offset")
        .select("index", *columns, "start_offset", "end_offset")
        .to_dict(as_series=False)
    )
    columns_only = [flat[name] for name in flat if name != "index"]
    records = zip(flat["index"], map(kind._make, zip(*columns_only, strict=True)), strict=True)
    # the rows come sorted by index: one group per text
    return {index: [record for _, record in group] for index, group in groupby(records, key=itemgetter(0))}


def _cues(
    records: list[tuple[Any, ...]], spans: list[list[tuple[int, int]]]
) -> tuple[dict[int, dict[int, Cue]], dict[int, list[tuple[int, int]]]]:
    """Cues of the verb sentences of every unmarked text, found in one vectorized pass: by record, by
    sentence start; and those sentences, by record (the rules read them again)."""
    where: list[tuple[int, int]] = []
    sentences: list[str] = []
    chosen: dict[int, list[tuple[int, int]]] = {}
    for index, (_, _, text, verbs, marked) in enumerate(records):
        if marked:
            continue
        chosen[index] = verb_sentences(spans[index], _char_offsets(text, verbs))
        for start, end in chosen[index]:
            where.append((index, start))
            sentences.append(text[start:end])
    if not sentences:
        return {}, chosen
    found = sentence_cues(pl.Series("sentence", sentences, dtype=pl.String()))
    cues: dict[int, dict[int, Cue]] = {}
    rows = zip(*(column.to_list() for column in found.get_columns()), strict=True)  # iter_rows, faster
    for (index, start), sentence, (stage, verb_byte, negative, background, clause) in zip(
        where, sentences, rows, strict=True
    ):
        verb_at = 0 if verb_byte is None else _char_offsets(sentence, [verb_byte])[0]
        cues.setdefault(index, {})[start] = Cue(
            stage, verb_at, bool(negative), bool(clause), bool(background)
        )
    return cues, chosen


def _row(article_id: str, field_name: str, text: str, position: int, deal: Deal) -> tuple[Any, ...]:
    """The deal's row, in the order of DEAL_SCHEMA."""
    key = f"{article_id}\x1f{field_name}\x1f{deal.start}\x1f{position}"
    amount = deal.amount
    return (
        hashlib.sha256(key.encode()).hexdigest()[:32],  # deal_id
        article_id,
        field_name,
        deal.rule,
        deal.buyer,
        deal.seller_country,
        deal.supplier,
        deal.supplier_id,
        deal.system,
        deal.weapon_id,
        deal.quantity,
        amount.amount if amount else None,  # value
        amount.currency if amount else None,
        amount.usd if amount else None,  # value_usd
        amount.text if amount else None,  # value_text
        deal.stage,
        deal.contract_id,
        deal.agency,
        text[deal.start : deal.end],  # evidence
        deal.start,  # start_offset
        deal.end,  # end_offset
        DEALS_VERSION,  # extractor_version
    )


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
