"""Reads of quality.quarantine for operators (`dnw quarantine list | show`) and for the retry flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from warehouse.db import connect, query_frame, sql_text


def list_quarantine(warehouse: Path, status: str | None, stage: str | None, limit: int) -> pl.DataFrame:
    """Quarantine rows, newest first."""
    with connect(warehouse, read_only=True) as con:
        return query_frame(con, sql_text("select_quarantine"), [status, status, stage, stage, limit])


def show_quarantine(warehouse: Path, quarantine_id: int) -> dict[str, Any] | None:
    """One quarantine row with its stored row decoded."""
    with connect(warehouse, read_only=True) as con:
        frame = query_frame(con, sql_text("select_quarantine_row"), [quarantine_id])
    if frame.height == 0:
        return None
    row = frame.row(0, named=True)
    row["row_json"] = json.loads(row["row_json"])
    return row


def open_entries(warehouse: Path, ids: list[int] | None) -> pl.DataFrame:
    """Open quarantined entries (all, or the ids given): quarantine_id, stage, feed, entry_key, row_json."""
    with connect(warehouse) as con:
        return query_frame(con, sql_text("select_quarantine_rows"), [ids, ids])
