"""Deal extraction scored against the labeled deal gold set (bundled: samples/deal_gold/*.jsonl).

Gold texts are written out (``text``) or name a text of the shared corpus (``corpus``: an id in
``deals/texts.jsonl``); corpus texts are read from there and never copied. Each text is scored as the
summary of one article, through the same extractors the pipeline runs. See docs/deal-labels.md.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from transforms.deal_scores import LABEL_SCHEMA, SCORED_FIELDS, deal_errors, deal_scores, is_frozen
from transforms.facts import extract_facts
from warehouse.seeds import read_seeds, seed_references

DEFAULT_DAY = "2026-11-01"
ARTICLE_SCHEMA = {
    "article_id": pl.String(),
    "title": pl.String(),
    "summary": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
}
PARTS = ("tuning", "frozen", "all")


@dataclass(frozen=True)
class DealGold:
    """Texts (as articles), their labels and kinds."""

    articles: pl.DataFrame
    labels: pl.DataFrame  # LABEL_SCHEMA
    kinds: dict[str, str]  # item id -> dod_contract | dsca_fms | news | negative
    skipped: int  # corpus items whose corpus file was not found


@dataclass(frozen=True)
class DealEvaluation:
    """Scores per part of the gold set, negatives with deals, and the errors."""

    scores: dict[str, dict[str, float]]  # tuning | frozen | all -> scores
    items: dict[str, int]
    negatives_with_deals: dict[str, int]
    skipped: int
    errors: pl.DataFrame


@functools.cache
def corpus_texts(path: Path) -> dict[str, str]:
    """The texts of a JSON-lines corpus file (one ``{"id", "text", ...}`` a line, e.g. deals/texts.jsonl) by
    id; read once per process (the deal and the entity evaluations both read it)."""
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row["text"] for row in rows}


def load_deal_gold(paths: list[Path], corpus: Path) -> DealGold:
    """Read the gold files; ``corpus`` is the shared corpus folder (with deals/texts.jsonl)."""
    texts_file = corpus / "deals" / "texts.jsonl"
    texts = corpus_texts(texts_file) if texts_file.exists() else {}
    articles: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    skipped = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            text = texts.get(item["corpus"]) if "corpus" in item else item.get("text")
            if text is None:
                skipped += 1
                continue
            day = datetime.fromisoformat(item.get("published") or DEFAULT_DAY).replace(tzinfo=UTC)
            articles.append({"article_id": item["id"], "title": None, "summary": text, "published_at": day})
            kinds[item["id"]] = item["kind"]
            for deal in item["deals"]:
                labels.append(
                    {"item_id": item["id"], **{k: deal.get(k) for k in LABEL_SCHEMA if k != "item_id"}}
                )
    return DealGold(
        pl.DataFrame(articles, schema=ARTICLE_SCHEMA),
        pl.DataFrame(labels, schema=LABEL_SCHEMA),
        kinds,
        skipped,
    )


def evaluate_deals(paths: list[Path], corpus: Path) -> DealEvaluation:
    """Extract deals from the gold texts and score them, on the tuning part, the frozen part and all."""
    gold = load_deal_gold(paths, corpus)
    seeds = read_seeds()
    refs = seed_references(seeds)
    found = extract_facts(gold.articles, refs).deals.rename({"article_id": "item_id"})
    frozen = {item for item in gold.kinds if is_frozen(item)}
    scores: dict[str, dict[str, float]] = {}
    items: dict[str, int] = {}
    negatives: dict[str, int] = {}
    for part in PARTS:
        keep = set(gold.kinds) if part == "all" else frozen if part == "frozen" else set(gold.kinds) - frozen
        in_part = pl.col("item_id").is_in(sorted(keep))
        part_found = found.filter(in_part)
        scores[part] = deal_scores(gold.labels.filter(in_part), part_found)
        items[part] = len(keep)
        negative = {item for item in keep if gold.kinds[item] == "negative"}
        negatives[part] = part_found.filter(pl.col("item_id").is_in(sorted(negative)))["item_id"].n_unique()
    errors = deal_errors(gold.labels, found).with_columns(
        part=pl.col("item_id").map_elements(
            lambda i: "frozen" if is_frozen(i) else "tuning", return_dtype=pl.String()
        )
    )
    return DealEvaluation(scores, items, negatives, gold.skipped, errors)


def format_deal_evaluation(result: DealEvaluation) -> str:
    """The deal table `dnw eval` prints."""
    skipped = f" (skipped {result.skipped}: corpus not found)" if result.skipped else ""
    lines = [f"deal gold texts: {result.items['all']}{skipped}"]
    header = f"{'part':<7} {'texts':>5} {'gold':>5} {'tp':>4} {'fp':>4} {'fn':>4}"
    header += f" {'prec':>6} {'recall':>6} {'f1':>6}"
    header += "".join(f" {name[:8]:>8}" for name in SCORED_FIELDS) + f" {'neg w/ deal':>11}"
    lines.append(header)
    for part in PARTS:
        s = result.scores[part]
        line = (
            f"{part:<7} {result.items[part]:>5} {int(s['gold']):>5} {int(s['tp']):>4} {int(s['fp']):>4} "
            f"{int(s['fn']):>4} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
        )
        line += "".join(f" {s[name]:>8.3f}" for name in SCORED_FIELDS)
        lines.append(line + f" {result.negatives_with_deals[part]:>11}")
    lines.append(
        "field columns: share of found deals whose field agrees with the label (frozen part: never tuned on)"
    )
    return "\n".join(lines)
