"""Shape rows for validation and for the quarantine table."""

from __future__ import annotations

from datetime import datetime

import polars as pl

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String(),
    "stage": pl.String(),
    "feed": pl.String(),
    "entry_key": pl.String(),
    "reasons": pl.List(pl.String()),
    "row_json": pl.String(),
    "seen_at": pl.Datetime("us", "UTC"),
}


def with_entry_ref(articles: pl.DataFrame) -> pl.DataFrame:
    """Add ``entry_ref``: the link, else the GUID; null when the entry has neither."""
    return articles.with_columns(entry_ref=pl.coalesce("url", "guid"))


def quarantine_records(failed: pl.DataFrame, stage: str, run_id: str, seen_at: datetime) -> pl.DataFrame:
    """Rows that failed validation -> quarantine rows keeping the whole row as JSON and the reasons."""
    if failed.height == 0:
        return pl.DataFrame(schema=QUARANTINE_SCHEMA)
    row_columns = [c for c in failed.columns if c not in ("reasons", "entry_ref")]
    return failed.select(
        run_id=pl.lit(run_id, dtype=pl.String()),
        stage=pl.lit(stage, dtype=pl.String()),
        feed=pl.col("feed"),
        entry_key=pl.col("article_id"),
        reasons=pl.col("reasons").list.unique(maintain_order=True),
        row_json=pl.struct(row_columns).struct.json_encode(),
        seen_at=pl.lit(seen_at, dtype=pl.Datetime("us", "UTC")),
    ).cast(QUARANTINE_SCHEMA)  # type: ignore[arg-type]
