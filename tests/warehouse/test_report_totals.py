from __future__ import annotations

import json
import os
from pathlib import Path

from warehouse.db import connect, prepare
from warehouse.report import published_totals, totals


def test_the_totals_of_a_snapshot_are_kept_beside_it_until_it_is_replaced(tmp_path: Path) -> None:
    snapshot = tmp_path / "warehouse.duckdb"
    prepare(snapshot)
    first = published_totals(snapshot)
    assert first == totals(snapshot)
    assert (first.articles, first.top_entities, first.deal_stages) == (0, [], [])
    kept = tmp_path / "warehouse.duckdb.totals.json"
    saved = json.loads(kept.read_text(encoding="utf-8"))
    saved["totals"]["articles"] = 42  # what the kept figures say is what a later run prints
    saved["totals"]["top_entities"] = [["country", "Poland", 7]]
    kept.write_text(json.dumps(saved), encoding="utf-8")
    again = published_totals(snapshot)
    assert (again.articles, again.top_entities, again.path) == (42, [("country", "Poland", 7)], snapshot)

    replacement = tmp_path / "next.duckdb"  # a publish replaces the snapshot by a rename
    prepare(replacement)
    with connect(replacement) as con:
        con.execute("create table ops.marker as select 1 as n")
    os.replace(replacement, snapshot)
    assert published_totals(snapshot).articles == 0  # read again from the new snapshot
    kept.write_text("{not json", encoding="utf-8")
    assert published_totals(snapshot) == totals(snapshot)  # unreadable figures: read again
    assert not list(tmp_path.glob(".*.tmp*"))
