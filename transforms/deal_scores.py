"""Score extracted deals against labeled ones: deal precision, recall and F1, and per-field accuracy on the
deals found. Pure functions over frames.

Within one text, a found deal and a labeled deal are the same deal when their suppliers match, or when their
values match (within 1%) and so do their buyers or systems, or when buyer and system match; pairs are made
greedily, best first (supplier 4, value 2, system 1, buyer 1), one-to-one. A found deal without a pair is a
false positive, a labeled deal without one a false negative. Field accuracy counts, over the pairs, the
fields that agree (both empty agrees too): values within 1% in the same currency, suppliers and systems by
the same loose match, contract numbers without spaces or dashes, the rest exactly.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import polars as pl

SCORED_FIELDS = ("buyer", "supplier", "system", "quantity", "value", "stage", "contract_id")
LABEL_SCHEMA: dict[str, pl.DataType] = {
    "item_id": pl.String(),
    "buyer": pl.String(),
    "seller_country": pl.String(),
    "supplier": pl.String(),
    "system": pl.String(),
    "weapon_id": pl.String(),
    "quantity": pl.Int64(),
    "value": pl.Float64(),
    "currency": pl.String(),
    "stage": pl.String(),
    "contract_id": pl.String(),
    "agency": pl.String(),
}
SUFFIXES = re.compile(
    r"\b(?:the|co|corp|corporation|inc|incorporated|llc|ltd|limited|lp|plc|company|ab|ag|sa|asa|jv|group)\b"
)
STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "to", "with", "in", "on", "its", "new"})


def is_frozen(item_id: str) -> bool:
    """The frozen part of a gold set: ids whose SHA-256 starts with 0-4 (about 5 in 16), never tuned on."""
    return hashlib.sha256(item_id.encode("utf-8")).hexdigest()[0] in "01234"


def _company(name: str | None) -> str:
    if not name:
        return ""
    lowered = re.sub(r"[^\w\s&]", " ", name.lower())
    return " ".join(SUFFIXES.sub(" ", lowered).split())


def same_supplier(a: str | None, b: str | None) -> bool:
    """Loose match of two company names: one starts with the other once suffixes are gone."""
    x, y = _company(a), _company(b)
    if not x or not y:
        return False
    return x.startswith(y) or y.startswith(x) or (x.split()[:2] == y.split()[:2] and len(x.split()) > 1)


def _tokens(text: str | None) -> set[str]:
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", (text or "").lower())
    return {w.rstrip("s") if len(w) > 3 else w for w in words if w not in STOPWORDS}


def same_system(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same weapon-system id, or half of the shorter description's words in the other."""
    if a.get("weapon_id") and a.get("weapon_id") == b.get("weapon_id"):
        return True
    x, y = _tokens(a.get("system")), _tokens(b.get("system"))
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= 0.5


def same_value(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Values within 1% in the same currency."""
    if a.get("value") is None or b.get("value") is None:
        return False
    if (a.get("currency") or "USD") != (b.get("currency") or "USD"):
        return False
    return bool(abs(a["value"] - b["value"]) <= 0.01 * max(abs(a["value"]), abs(b["value"])))


def _pair_score(gold: dict[str, Any], found: dict[str, Any]) -> int:
    supplier = same_supplier(gold.get("supplier"), found.get("supplier"))
    value = same_value(gold, found)
    system = same_system(gold, found)
    buyer = gold.get("buyer") is not None and gold.get("buyer") == found.get("buyer")
    if not (supplier or (value and (buyer or system)) or (buyer and system)):
        return 0
    return 4 * supplier + 2 * value + system + buyer


def _contract(value: str | None) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def field_agrees(name: str, gold: dict[str, Any], found: dict[str, Any]) -> bool:
    """Whether one scored field of a pair agrees."""
    g, f = gold.get(name), found.get(name)
    if name == "value":
        return (g is None and f is None) or same_value(gold, found)
    if name == "supplier":
        return (not g and not f) or same_supplier(g, f)
    if name == "system":
        return (not g and not f and not gold.get("weapon_id")) or same_system(gold, found)
    if name == "contract_id":
        return _contract(g) == _contract(f)
    return bool(g == f)


def match_deals(
    gold: pl.DataFrame, found: pl.DataFrame
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(pairs, unmatched found, unmatched gold) per text (``item_id``)."""
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    extra: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    by_item: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for row in gold.iter_rows(named=True):
        by_item.setdefault(row["item_id"], ([], []))[0].append(row)
    for row in found.iter_rows(named=True):
        by_item.setdefault(row["item_id"], ([], []))[1].append(row)
    for golds, founds in by_item.values():
        scored = sorted(
            ((_pair_score(g, f), i, j) for i, g in enumerate(golds) for j, f in enumerate(founds)),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_gold: set[int] = set()
        used_found: set[int] = set()
        for score, i, j in scored:
            if score == 0 or i in used_gold or j in used_found:
                continue
            used_gold.add(i)
            used_found.add(j)
            pairs.append((golds[i], founds[j]))
        missed.extend(g for i, g in enumerate(golds) if i not in used_gold)
        extra.extend(f for j, f in enumerate(founds) if j not in used_found)
    return pairs, extra, missed


def deal_scores(gold: pl.DataFrame, found: pl.DataFrame) -> dict[str, float]:
    """tp, fp, fn, precision, recall, f1 and the accuracy of every scored field over the pairs."""
    pairs, extra, missed = match_deals(gold, found)
    tp, fp, fn = len(pairs), len(extra), len(missed)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    scores: dict[str, float] = {
        "gold": float(gold.height),
        "found": float(found.height),
        "tp": float(tp),
        "fp": float(fp),
        "fn": float(fn),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }
    for name in SCORED_FIELDS:
        agreed = sum(field_agrees(name, g, f) for g, f in pairs)
        scores[name] = agreed / tp if tp else 1.0
    return scores


def deal_errors(gold: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """One row per false positive, false negative and wrong field, for reading."""
    pairs, extra, missed = match_deals(gold, found)
    rows: list[dict[str, str | None]] = []
    for f in extra:
        rows.append(
            {
                "item_id": f["item_id"],
                "error": "false positive",
                "field": None,
                "gold": None,
                "found": _brief(f),
            }
        )
    for g in missed:
        rows.append(
            {
                "item_id": g["item_id"],
                "error": "false negative",
                "field": None,
                "gold": _brief(g),
                "found": None,
            }
        )
    for g, f in pairs:
        for name in SCORED_FIELDS:
            if not field_agrees(name, g, f):
                rows.append(
                    {
                        "item_id": g["item_id"],
                        "error": "wrong field",
                        "field": name,
                        "gold": _show(g, name),
                        "found": _show(f, name),
                    }
                )
    schema = {
        "item_id": pl.String(),
        "error": pl.String(),
        "field": pl.String(),
        "gold": pl.String(),
        "found": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema).sort("item_id", "error", "field", nulls_last=True)


def _show(row: dict[str, Any], name: str) -> str | None:
    if name == "value" and row.get("value") is not None:
        return f"{row['value']:,.0f} {row.get('currency') or ''}".strip()
    if name == "system" and row.get("weapon_id"):
        return f"{row.get('system')} [{row['weapon_id']}]"
    value = row.get(name)
    return None if value is None else str(value)


def _brief(row: dict[str, Any]) -> str:
    parts = [row.get("stage"), row.get("buyer"), row.get("supplier"), row.get("system"), _show(row, "value")]
    return " | ".join(str(p) for p in parts if p is not None)
