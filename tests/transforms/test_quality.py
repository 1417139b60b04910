from __future__ import annotations

import json
from datetime import UTC, datetime

import polars as pl

from schemas.frames import QUARANTINE_SCHEMA
from transforms.quality import quarantine_records, with_entry_checks

SEEN = datetime(2026, 11, 28, tzinfo=UTC)


def test_entry_checks_are_the_link_else_guid_and_the_summary_length() -> None:
    frame = pl.DataFrame(
        {"url": ["https://a", None, None], "guid": ["g", "g2", None], "summary": ["Ça va", None, ""]}
    )
    checked = with_entry_checks(frame)
    assert checked["entry_ref"].to_list() == ["https://a", "g2", None]
    assert checked["summary_length"].to_list() == [5, None, 0]  # characters, not bytes


def test_quarantine_records_keep_the_row_and_reasons() -> None:
    failed = pl.DataFrame(
        {
            "article_id": ["x1"],
            "feed": ["wire"],
            "title": [None],
            "published_at": [datetime(1985, 1, 1, tzinfo=UTC)],
            "tags": [["a", "b"]],
            "entry_ref": ["https://a"],
            "reasons": [["title_present", "published_not_before_1990", "title_present"]],
        }
    )
    result = quarantine_records(failed, "entries", "run-1", SEEN)
    assert result.schema == pl.Schema(QUARANTINE_SCHEMA)
    row = result.row(0, named=True)
    assert row["entry_key"] == "x1"
    assert row["reasons"] == ["title_present", "published_not_before_1990"]
    payload = json.loads(row["row_json"])
    assert payload["title"] is None
    assert payload["tags"] == ["a", "b"]
    assert payload["published_at"].startswith("1985-01-01")
    assert "reasons" not in payload


def test_no_failures_no_rows() -> None:
    assert quarantine_records(pl.DataFrame({"article_id": []}), "entries", "r", SEEN).height == 0
