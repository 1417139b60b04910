"""Score extracted facts against a labeled gold set: precision, recall and F1 per entity type, and the
exact-match rate of money amounts. Pure functions over frames."""

from __future__ import annotations

import polars as pl

from transforms.extract import ENTITY_TYPES

PAIRS_SCHEMA = {"article_id": pl.String(), "entity_type": pl.String(), "entity_id": pl.String()}
AMOUNTS_SCHEMA = {"article_id": pl.String(), "amount": pl.Float64(), "currency": pl.String()}


def entity_scores(gold: pl.DataFrame, predicted: pl.DataFrame) -> pl.DataFrame:
    """Per entity type: tp, fp, fn, precision, recall, f1 over distinct (article, entity) pairs."""
    gold = gold.select(list(PAIRS_SCHEMA)).unique()
    predicted = predicted.select(list(PAIRS_SCHEMA)).unique()
    keys = list(PAIRS_SCHEMA)
    tp = gold.join(predicted, on=keys, how="semi").group_by("entity_type").len("tp")
    fp = predicted.join(gold, on=keys, how="anti").group_by("entity_type").len("fp")
    fn = gold.join(predicted, on=keys, how="anti").group_by("entity_type").len("fn")
    types = pl.DataFrame({"entity_type": list(ENTITY_TYPES)})
    counts = (
        types.join(tp, on="entity_type", how="left")
        .join(fp, on="entity_type", how="left")
        .join(fn, on="entity_type", how="left")
        .fill_null(0)
    )
    precision = pl.col("tp") / (pl.col("tp") + pl.col("fp"))
    recall = pl.col("tp") / (pl.col("tp") + pl.col("fn"))
    return counts.with_columns(precision=precision.fill_nan(0.0), recall=recall.fill_nan(0.0)).with_columns(
        f1=(2 * pl.col("precision") * pl.col("recall") / (pl.col("precision") + pl.col("recall"))).fill_nan(
            0.0
        )
    )


def money_scores(gold: pl.DataFrame, predicted: pl.DataFrame) -> dict[str, float]:
    """Exact-match rate of gold amounts (same article, amount and currency) and the share of spurious ones."""
    gold = gold.select(list(AMOUNTS_SCHEMA)).with_columns(pl.col("amount").round(2))
    predicted = predicted.select(list(AMOUNTS_SCHEMA)).with_columns(pl.col("amount").round(2)).unique()
    keys = list(AMOUNTS_SCHEMA)
    matched = gold.join(predicted, on=keys, how="semi").height
    spurious = predicted.join(gold.unique(), on=keys, how="anti").height
    return {
        "gold": float(gold.height),
        "predicted": float(predicted.height),
        "exact": matched / gold.height if gold.height else 1.0,
        "precision": (predicted.height - spurious) / predicted.height if predicted.height else 1.0,
    }
