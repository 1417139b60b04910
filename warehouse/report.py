"""What the warehouse holds, in a few numbers (printed after each `dnw run`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse.db import connect, sql_text


@dataclass(frozen=True)
class WarehouseTotals:
    """Articles, publishers, open quarantine and the most mentioned entities."""

    path: Path
    articles: int
    publishers: int
    quarantined: int
    top_entities: list[tuple[str, str, int]]  # (entity type, name, mentions)


def totals(warehouse: Path, top: int = 5) -> WarehouseTotals:
    """Read the totals of the marts (read-only)."""
    with connect(warehouse, read_only=True) as con:
        articles, publishers, quarantined = con.execute(sql_text("report_totals")).fetchone() or (0, 0, 0)
        entities = con.execute(sql_text("report_top_entities"), [top]).fetchall()
    return WarehouseTotals(
        warehouse,
        int(articles),
        int(publishers),
        int(quarantined),
        [(str(a), str(b), int(c)) for a, b, c in entities],
    )
