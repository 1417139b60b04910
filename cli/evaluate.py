"""`dnw eval`: extraction quality against the labeled gold set (bundled: samples/gold.jsonl).

Gold items are either written out (title, summary), or point at an entry of a real feed in the shared corpus
(``{"file", "entry"}``: a feed file of ``real-feeds`` and an entry index), whose text is read and normalized
exactly as the pipeline would, or at a text of a JSON-lines file of the shared corpus (``{"file", "id"}``, the
file named from the corpus folder, e.g. ``deals/texts.jsonl``), which is read as the deal evaluation reads it:
no title, the text as the summary. The corpus is found at ``--corpus``, else ``$DNW_CORPUS``, else beside a
source checkout (``../shared/corpus``); items whose corpus file is missing are counted as skipped.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from cli.common import Subcommands
from cli.deal_eval import corpus_texts, evaluate_deals, format_deal_evaluation
from core.errors import ConfigError
from samples import deal_gold_files, entity_gold_files, gold_file
from transforms.evaluate import entity_scores, money_scores, resolve_declared
from transforms.facts import References, extract_facts
from transforms.normalize import normalize_entries
from transforms.parse import parse_feed
from warehouse.seeds import read_seeds, seed_references

CHECKOUT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"  # beside a source checkout
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


def _corpus_row(spec: dict[str, Any], corpus: Path) -> dict[str, Any]:
    body = (corpus / spec["file"]).read_bytes()
    parsed = parse_feed(
        body, {}, fetch_id="eval", feed="eval", publisher="eval", feed_url="https://corpus.invalid/"
    )
    return normalize_entries(parsed.entries, EVAL_TIME).row(int(spec["entry"]), named=True)


def _corpus_text(spec: dict[str, Any], corpus: Path) -> tuple[str | None, str | None, datetime | None]:
    row = _corpus_row(spec, corpus)
    return row["title"], row["summary"], row["published_at"]


def corpus_file(spec: dict[str, Any], feeds: Path) -> Path:
    """The file a gold item's ``corpus`` spec names: a feed file of the real-feed folder ``feeds`` (with
    ``entry``), or a JSON-lines file named from the shared corpus folder, the feeds' parent (with ``id``)."""
    return feeds.parent / spec["file"] if "id" in spec else feeds / spec["file"]


def _jsonl_text(spec: dict[str, Any], feeds: Path) -> str:
    return corpus_texts(corpus_file(spec, feeds))[spec["id"]]


def corpus_root(given: Path | None = None) -> Path:
    """The shared corpus folder: the given one, else $DNW_CORPUS, else beside a source checkout."""
    return given or (Path(os.environ["DNW_CORPUS"]) if os.environ.get("DNW_CORPUS") else CHECKOUT_CORPUS)


def corpus_dir(given: Path | None = None) -> Path:
    """The real-feed corpus folder (``real-feeds`` of the shared corpus)."""
    return corpus_root(given) / "real-feeds"


PAIR_SCHEMA = {
    "article_id": pl.String(),
    "entity_type": pl.String(),
    "entity_id": pl.String(),
    "spellings": pl.List(pl.String()),  # name and aliases of an id the item declares under "new"
}


def _spellings(declared: dict[str, Any]) -> list[str]:
    return [declared["name"], *declared.get("aliases", [])] if "name" in declared else []


def load_gold(path: Path, corpus: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, int]:
    """(articles, gold entity pairs, gold amounts, skipped corpus items) from the JSONL gold file."""
    articles: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    amounts: list[dict[str, Any]] = []
    skipped = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if "corpus" in item and not corpus_file(item["corpus"], corpus).exists():
            skipped += 1
            continue
        if "corpus" in item and "id" in item["corpus"]:  # a text of deals/texts.jsonl: the summary, no title
            title, summary = None, _jsonl_text(item["corpus"], corpus)
            published = datetime.fromisoformat(item.get("published", "2026-11-01")).replace(tzinfo=UTC)
            language = item.get("language")
        elif "corpus" in item:
            row = _corpus_row(item["corpus"], corpus)
            title, summary, published = row["title"], row["summary"], row["published_at"]
            language = row["language"]  # as the pipeline sees it: declared by the feed, else detected
        else:
            title, summary = item.get("title"), item.get("summary")
            published = datetime.fromisoformat(item.get("published", "2026-11-01")).replace(tzinfo=UTC)
            language = item.get("language")  # as a feed would declare it
        articles.append(
            {
                "article_id": item["id"],
                "title": title,
                "summary": summary,
                "published_at": published,
                "language": language,
                "feed_country": item.get("feed_country"),
            }
        )
        for key, entity_type in LABEL_TYPES.items():
            declared = item.get("new", {}).get(key, {})
            pairs.extend(
                {
                    "article_id": item["id"],
                    "entity_type": entity_type,
                    "entity_id": e,
                    "spellings": _spellings(declared[e]) if e in declared else [],
                }
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
        "language": pl.String(),
        "feed_country": pl.String(),  # the publisher's country, when the gold item gives it
    }
    return (
        pl.DataFrame(articles, schema=schema),
        pl.DataFrame(pairs, schema=PAIR_SCHEMA),
        pl.DataFrame(
            amounts, schema={"article_id": pl.String(), "amount": pl.Float64(), "currency": pl.String()}
        ),
        skipped,
    )


@functools.cache
def _seed_refs() -> References:
    """The seeds' gazetteer and lookups, built once per process: `dnw eval` scores every gold file in three
    parts, and rebuilding them for each of the 50-odd scorings cost about 0.2 s each."""
    return seed_references(read_seeds())


def evaluate(path: Path, corpus: Path, english: bool | None = None) -> Evaluation:
    """Run the extractors over the gold articles and score them; ``english``: only the items in English
    (True), only the others (False), all (None)."""
    articles, gold_pairs, gold_money, skipped = load_gold(path, corpus)
    if english is not None:
        in_english = pl.col("language").fill_null("").str.starts_with("en")
        articles = articles.filter(in_english if english else ~in_english)
        gold_pairs = gold_pairs.join(articles.select("article_id"), on="article_id", how="semi")
        gold_money = gold_money.join(articles.select("article_id"), on="article_id", how="semi")
    refs = _seed_refs()
    gold_pairs = resolve_declared(gold_pairs, refs.gazetteer)
    facts = extract_facts(articles, refs, deals=False)
    mentions, money = facts.mentions, facts.money
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


def extraction_speed(path: Path, corpus: Path, rows: int = 50_000) -> float:
    """Rows per second of fact extraction (entities, money, deals) over the gold texts, ``rows`` rows."""
    articles, *_ = load_gold(path, corpus)
    repeats = max(1, rows // max(1, articles.height))
    big = pl.concat([articles] * repeats).with_columns(article_id=pl.int_range(pl.len()).cast(pl.String))
    refs = _seed_refs()
    started = time.perf_counter()
    extract_facts(big, refs)
    return big.height / (time.perf_counter() - started)


def format_evaluation(result: Evaluation, speed: float | None = None) -> str:
    """The table `dnw eval` prints."""
    skipped = f" (skipped {result.skipped} corpus items: corpus not found)" if result.skipped else ""
    lines = [f"gold items: {result.items}{skipped}"]
    lines.append(
        f"{'entity type':<15} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7} {'f1':>6}"
    )
    for r in result.entities.filter(pl.col("entity_type").is_in(list(LABEL_TYPES.values()))).iter_rows(
        named=True
    ):
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
        lines.append(f"extraction speed: {speed:,.0f} articles/s (entities, money, deals; title + summary)")
    return "\n".join(lines)


def format_parts(path: Path, parts: dict[str, Evaluation]) -> str:
    """One line per part of an entity gold file: F1 per entity type, money exact and precision."""
    lines = [
        f"{path.name}: {parts['all'].items} items",
        f"{'part':<8} {'items':>5} {'country':>8} {'weapon':>7} {'org':>6} {'money exact':>12} "
        f"{'precision':>9}",
    ]
    for name, result in parts.items():
        m = result.money
        country, weapon, org = (_f1_cell(result, t) for t in ("country", "weapon_system", "organization"))
        lines.append(
            f"{name:<8} {result.items:>5} {country:>8} {weapon:>7} {org:>6} {m['exact']:>12.3f} "
            f"{m['precision']:>9.3f}"
        )
    return "\n".join(lines)


def _f1_cell(result: Evaluation, entity_type: str) -> str:
    """F1 with three decimals; "-" when the part has neither a label nor a finding of that type, and the count
    of false findings ("2 fp") when it has findings but no label (an F1 of 0 would hide how many)."""
    row = result.entities.filter(pl.col("entity_type") == entity_type).row(0, named=True)
    if row["tp"] + row["fp"] + row["fn"] == 0:
        return "-"
    return f"{row['fp']} fp" if row["tp"] + row["fn"] == 0 else f"{row['f1']:.3f}"


def evaluate_parts(path: Path, corpus: Path) -> dict[str, Evaluation]:
    """Scores of an entity gold file: all items, the English ones, the others."""
    return {
        "all": evaluate(path, corpus),
        "English": evaluate(path, corpus, english=True),
        "other": evaluate(path, corpus, english=False),
    }


def register(sub: Subcommands) -> None:
    """Add `eval`."""
    evaluate_parser = sub.add_parser("eval", help="score fact extraction against the labeled gold set")
    evaluate_parser.add_argument("--gold", type=Path, help="gold JSONL file [the bundled samples/gold.jsonl]")
    evaluate_parser.add_argument(
        "--corpus", type=Path, help="shared corpus folder [DNW_CORPUS; ../shared/corpus of a checkout]"
    )
    evaluate_parser.add_argument(
        "--deal-gold",
        type=Path,
        action="append",
        help="deal gold JSONL file, repeatable [the bundled samples/deal_gold/*.jsonl]",
    )
    evaluate_parser.add_argument(
        "--entity-gold",
        type=Path,
        action="append",
        help="entity gold JSONL file, repeatable [the bundled samples/entity_gold: dev, dev2, dev3, dev4, "
        "dev5 to dev19, then the frozen heldout, heldout2 and heldout3]",
    )
    evaluate_parser.add_argument(
        "--errors", action="store_true", help="list false positives, false negatives and wrong deal fields"
    )
    evaluate_parser.add_argument(
        "--part",
        choices=("tuning", "frozen", "all"),
        default="all",
        help="with --errors: list the deal errors of this part of the deal gold set only [all]; "
        "`--part tuning` keeps the frozen part's errors out of sight while tuning",
    )
    evaluate_parser.add_argument(
        "--speed", action="store_true", help="also measure extraction speed (rows/s)"
    )
    evaluate_parser.set_defaults(handler=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    """Precision, recall, F1 per entity type, money exact-match rate, deal scores per part of the gold set."""
    gold = args.gold or gold_file()
    deal_gold = args.deal_gold or deal_gold_files()
    entity_gold = args.entity_gold or entity_gold_files()
    for path in [gold, *deal_gold, *entity_gold]:
        if not path.exists():
            raise ConfigError(f"gold file not found: {path}")
    corpus = corpus_dir(args.corpus)
    result = evaluate(gold, corpus)
    print(format_evaluation(result, extraction_speed(gold, corpus) if args.speed else None))
    # the dev files are tuned on; the held-out files are only scored (their errors are never listed)
    for path in entity_gold:
        print()
        print(format_parts(path, evaluate_parts(path, corpus)))
        if args.errors and "heldout" not in path.name:
            with pl.Config(tbl_rows=1000, fmt_str_lengths=80, tbl_width_chars=200):
                print(evaluate(path, corpus).errors)
    deals = evaluate_deals(deal_gold, corpus_root(args.corpus))
    print()
    print(format_deal_evaluation(deals))
    if args.errors:
        with pl.Config(tbl_rows=1000, fmt_str_lengths=80, tbl_width_chars=200):
            print(result.errors)
            errors = deals.errors
            if args.part != "all":
                errors = errors.filter(pl.col("part") == args.part)
            print(errors)
    return 0
