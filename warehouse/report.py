"""What the warehouse holds, in a few numbers (printed after each `dnw run`)."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    deals: int = 0  # rows of marts.deals (one per report of a deal)
    deal_groups: int = 0  # distinct deals (marts.deal_groups)
    deal_stages: list[tuple[str, int]] = field(default_factory=list)  # groups per stage, most first
    largest_deals: list[tuple[str, float]] = field(default_factory=list)  # (buyer stage supplier system, USD)


def totals(warehouse: Path, top: int = 5) -> WarehouseTotals:
    """Read the totals of the marts (read-only)."""
    with connect(warehouse, read_only=True) as con:
        articles, publishers, quarantined = con.execute(sql_text("report_totals")).fetchone() or (0, 0, 0)
        entities = con.execute(sql_text("report_top_entities"), [top]).fetchall()
        deals = con.execute(sql_text("report_deals"), [3]).fetchall()
    counts = {kind: int(n) for kind, _, n, _ in deals if kind in ("total", "groups")}
    stages = sorted(
        ((str(label), int(n)) for kind, label, n, _ in deals if kind == "stage"), key=lambda s: -s[1]
    )
    return WarehouseTotals(
        warehouse,
        int(articles),
        int(publishers),
        int(quarantined),
        [(str(a), str(b), int(c)) for a, b, c in entities],
        deals=counts.get("total", 0),
        deal_groups=counts.get("groups", 0),
        deal_stages=stages,
        largest_deals=[(str(label), float(value)) for kind, label, _, value in deals if kind == "largest"],
    )
