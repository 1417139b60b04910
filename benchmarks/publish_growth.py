"""Publishing cost against warehouse size: grow a warehouse to N articles (benchmarks/grow.py density),
publish it once in full (not part of the ratio: a warehouse that size has been published before), add one
run's worth of new articles in the current month with their change record, and time that publish in a
child process (wall seconds and its peak RSS).

    python -m benchmarks.publish_growth WORKDIR 1000000 [--new 2500] [--code DIR]

``--code`` runs the timed publish with another checkout's code (e.g. the one-file layout, for before/after).
The new articles are written the way grow.py writes (not through the load), so their change record is
inserted here as the load's record_changes statement would insert it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.grow import GROW_SQL, grow_warehouse
from warehouse.db import connect, prepare

CHILD = """
import resource, sys, time
from pathlib import Path
from warehouse.publish import publish
began = time.perf_counter()
publish(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), "bench")
print(time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def add_new_articles(path: Path, count: int) -> None:
    """``count`` articles published in November 2026 (after every grown one), with 8 mentions and a money
    amount each, and the months they change recorded for the next publish."""
    sql = (
        GROW_SQL.replace("'g' || lpad", "'n' || lpad")
        .replace("timestamptz '2021-01-01 00:00:00+00'", "timestamptz '2026-11-01 00:00:00+00'")
        .replace("'grow'", "'new'")
        .replace("cast(i * 15 as bigint)", "cast(i * 60 as bigint)")
    )
    with connect(path) as con:
        for statement in [s.strip() for s in sql.split(";") if s.strip()]:
            con.execute(statement, [count] if "?" in statement else None)
        con.execute(
            "insert into ops.publish_changes (kind, month, run_id, recorded_at)"
            " values ('month', '2026-11', 'new', now())"
        )


def timed_publish(work: Path, warehouse: Path, code: Path | None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one publish in a child process."""
    env = {**os.environ, "PYTHONPATH": str(code or Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(warehouse), str(work / "exports"),
         str(work / "snapshot" / "warehouse.duckdb")],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    seconds, peak = done.stdout.strip().splitlines()[-1].split()
    return float(seconds), float(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workdir", type=Path)
    parser.add_argument("size", type=int)
    parser.add_argument("--new", type=int, default=2500, help="new articles in the timed run [2500]")
    parser.add_argument("--code", type=Path, help="checkout whose publish is timed [this one]")
    args = parser.parse_args(argv)
    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "warehouse.duckdb"
    results: dict[str, object] = {"size": args.size, "new": args.new, "code": str(args.code or "this")}
    began = time.perf_counter()
    prepare(warehouse)
    grow_warehouse(warehouse, args.size)
    results["grow_s"] = round(time.perf_counter() - began, 1)
    seconds, _ = timed_publish(work, warehouse, args.code)
    results["first_publish_s"] = round(seconds, 2)
    add_new_articles(warehouse, args.new)
    seconds, peak = timed_publish(work, warehouse, args.code)
    results["publish_s"] = round(seconds, 2)
    results["publish_peak_rss_mb"] = round(peak, 0)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
