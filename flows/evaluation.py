"""Extraction quality against the labeled gold set (tests/extraction/gold.jsonl): `dnw eval`.

Gold items are either written out (title, summary) or point at an entry of a real feed in the shared corpus
(file + entry index), whose text is read and normalized exactly as the pipeline would.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from transforms.evaluate import entity_scores, money_scores
from transforms.extract import build_gazetteer, extract_mentions
from transforms.money import extract_money
from transforms.normalize import normalize_entries
from transforms.parse import parse_feed
from warehouse.seeds import read_seeds

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "extraction" / "gold.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus" / "real-feeds"
LABEL_TYPES = {"countries": "country", "weapon_systems": "weapon_system", "organizations": "organization"}
EVAL_TIME = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Evaluation:
    """Scores of one evaluation run."""

    items: int
    skipped: int
    entities: pl.DataFrame
    money: dict[str, float]
    errors: pl.DataFrame  # false positives and negatives, for reading

    def f1(self, entity_type: str) -> float:
        """F1 of one entity type."""
        return float(self.entities.filter(pl.col("entity_type") == entity_type)["f1"][0])


def _corpus_text(spec: dict[str, Any], corpus: Path) -> tuple[str | None, str | None, datetime | None]:
    body = (corpus / spec["file"]).read_bytes()
    parsed = parse_feed(
        body, {}, fetch_id="eval", feed="eval", publisher="eval", feed_url="https://corpus.invalid/"
    )
    row = normalize_entries(parsed.entries, EVAL_TIME).row(int(spec["entry"]), named=True)
    return row["title"], row["summary"], row["published_at"]


def load_gold(
    path: Path = GOLD, corpus: Path = CORPUS
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, int]:
    """(articles, gold entity pairs, gold amounts, skipped corpus items) from the JSONL gold file."""
    articles: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    amounts: list[dict[str, Any]] = []
    skipped = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if "corpus" in item:
            if not (corpus / item["corpus"]["file"]).exists():
                skipped += 1
                continue
            title, summary, published = _corpus_text(item["corpus"], corpus)
        else:
            title, summary = item.get("title"), item.get("summary")
            published = datetime.fromisoformat(item.get("published", "2026-11-01")).replace(tzinfo=UTC)
        articles.append(
            {"article_id": item["id"], "title": title, "summary": summary, "published_at": published}
        )
        for key, entity_type in LABEL_TYPES.items():
            pairs.extend(
                {"article_id": item["id"], "entity_type": entity_type, "entity_id": e}
                for e in item.get(key, [])
            )
        amounts.extend(
            {"article_id": item["id"], "amount": float(m["amount"]), "currency": m["currency"]}
            for m in item.get("money", [])
        )
    schema = {
        "article_id": pl.String(),
        "title": pl.String(),
        "summary": pl.String(),
        "published_at": pl.Datetime("us", "UTC"),
    }
    return (
        pl.DataFrame(articles, schema=schema),
        pl.DataFrame(
            pairs, schema={"article_id": pl.String(), "entity_type": pl.String(), "entity_id": pl.String()}
        ),
        pl.DataFrame(
            amounts, schema={"article_id": pl.String(), "amount": pl.Float64(), "currency": pl.String()}
        ),
        skipped,
    )


def evaluate(path: Path = GOLD, corpus: Path = CORPUS) -> Evaluation:
    """Run the extractors over the gold articles and score them."""
    articles, gold_pairs, gold_money, skipped = load_gold(path, corpus)
    seeds = read_seeds()
    gazetteer = build_gazetteer(
        seeds.countries, seeds.weapon_systems, seeds.organizations, seeds.blocked_phrases
    )
    mentions = extract_mentions(articles, gazetteer)
    money = extract_money(articles, seeds.fx_rates)
    keys = ["article_id", "entity_type", "entity_id"]
    predicted = mentions.select(keys).unique()
    errors = pl.concat(
        [
            predicted.join(gold_pairs, on=keys, how="anti").with_columns(error=pl.lit("false positive")),
            gold_pairs.join(predicted, on=keys, how="anti").with_columns(error=pl.lit("false negative")),
        ]
    ).sort(keys)
    return Evaluation(
        items=articles.height,
        skipped=skipped,
        entities=entity_scores(gold_pairs, predicted),
        money=money_scores(gold_money, money),
        errors=errors,
    )


def extraction_speed(path: Path = GOLD, corpus: Path = CORPUS, rows: int = 50_000) -> float:
    """Rows per second of entity + money extraction over the gold texts repeated to ``rows`` rows."""
    articles, *_ = load_gold(path, corpus)
    repeats = max(1, rows // max(1, articles.height))
    big = pl.concat([articles] * repeats).with_columns(article_id=pl.int_range(pl.len()).cast(pl.String))
    seeds = read_seeds()
    gazetteer = build_gazetteer(
        seeds.countries, seeds.weapon_systems, seeds.organizations, seeds.blocked_phrases
    )
    started = time.perf_counter()
    extract_mentions(big, gazetteer)
    extract_money(big, seeds.fx_rates)
    return big.height / (time.perf_counter() - started)


def format_evaluation(result: Evaluation, speed: float | None = None) -> str:
    """The table `dnw eval` prints."""
    lines = [f"gold items: {result.items} (skipped {result.skipped} corpus items: corpus not found)"]
    lines.append(
        f"{'entity type':<15} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7} {'f1':>6}"
    )
    for r in result.entities.iter_rows(named=True):
        lines.append(
            f"{r['entity_type']:<15} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} {r['precision']:>9.3f} "
            f"{r['recall']:>7.3f} {r['f1']:>6.3f}"
        )
    m = result.money
    lines.append(
        f"money: {int(m['gold'])} gold amounts, exact match {m['exact']:.3f}; "
        f"{int(m['predicted'])} extracted, precision {m['precision']:.3f}"
    )
    if speed is not None:
        lines.append(f"extraction speed: {speed:,.0f} articles/s (entities + money, title + summary)")
    return "\n".join(lines)
