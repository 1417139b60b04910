"""What the warehouse holds, in a few numbers (printed after each `dnw run`)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
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


def published_totals(snapshot: Path, top: int = 5) -> WarehouseTotals:
    """:func:`totals` of the published snapshot, kept beside it in ``<snapshot>.totals.json`` for as long as
    that snapshot is the one published: a publish replaces the file (a new inode and time), which the kept
    figures name, so a run that published nothing prints them without opening the snapshot (50-70 ms of a run
    where every feed answers 304). Written atomically; unreadable or stale figures are read again."""
    kept = snapshot.with_name(f"{snapshot.name}.totals.json")
    stat = snapshot.stat()
    key = [stat.st_ino, stat.st_size, stat.st_mtime_ns, top]
    try:
        saved = json.loads(kept.read_text(encoding="utf-8"))
        if saved.get("snapshot") == key:
            return _from_json(snapshot, saved["totals"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    figures = totals(snapshot, top)
    tmp = kept.with_name(f".{kept.name}.tmp{os.getpid()}")  # a publish clears what a crash leaves (.*.tmp*)
    try:
        tmp.write_text(json.dumps({"snapshot": key, "totals": _to_json(figures)}), encoding="utf-8")
        os.replace(tmp, kept)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only data dir: the figures are printed all the same
    return figures


def _to_json(figures: WarehouseTotals) -> dict[str, object]:
    return {**asdict(figures), "path": str(figures.path)}


def _from_json(path: Path, saved: dict[str, object]) -> WarehouseTotals:
    pairs = ("top_entities", "deal_stages", "largest_deals")
    values = {k: [tuple(item) for item in v] if k in pairs else v for k, v in saved.items() if k != "path"}  # type: ignore[attr-defined]
    return WarehouseTotals(path=path, **values)  # type: ignore[arg-type]
