"""Score extracted facts against a labeled gold set: precision, recall and F1 per entity type, and the
exact-match rate of money amounts. Pure functions over frames."""

from __future__ import annotations

import polars as pl

from schemas.frames import ENTITY_TYPES

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


def resolve_declared(pairs: pl.DataFrame, gazetteer: pl.DataFrame) -> pl.DataFrame:
    """Gold pairs with each id an item declared as new (not in the seeds when it was labeled) replaced by the
    gazetteer's id of that entity, when one of its declared spellings is an alias of exactly one gazetteer
    entity of the same type (the gazetteer has grown since; ids are names, spellings are identity). The
    ``spellings`` column is dropped."""
    owners = (
        gazetteer.select("entity_type", "entity_id", spelling="alias")
        .unique()
        .filter(pl.col("entity_id").n_unique().over("entity_type", "spelling") == 1)
    )
    declared = (
        pairs.select("entity_type", "entity_id", "spellings")
        .filter(pl.col("spellings").list.len() > 0)
        .explode("spellings")
        .rename({"spellings": "spelling"})
        .join(owners.rename({"entity_id": "known_id"}), on=["entity_type", "spelling"], how="inner")
        .group_by("entity_type", "entity_id")
        .agg(pl.col("known_id").unique())
        .filter(pl.col("known_id").list.len() == 1)
        .select("entity_type", "entity_id", known_id=pl.col("known_id").list.first())
    )
    return (
        pairs.join(declared, on=["entity_type", "entity_id"], how="left")
        .select("article_id", "entity_type", entity_id=pl.coalesce("known_id", "entity_id"))
        .unique(maintain_order=True)
    )
