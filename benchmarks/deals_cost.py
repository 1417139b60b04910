"""What deal extraction costs a cold run, as users pay it.

    python -m benchmarks.deals_cost --feeds 1000 --items 50 --pairs 4 [--out bench-results/deals.json]

Serves the feed farm on loopback, starts a Prefect server, and runs `dnw run --all` cold (a fresh warehouse
and data folder each time) as its own process, alternating deal extraction on (the default) and off
(DNW_DEALS=0), ``--pairs`` times each; which of the two goes first alternates too, so that a machine getting
slower or faster during the run weighs on both sides alike. Prints every run, the medians, the paired
differences and the slowdown; writes JSON. Timings are measured, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from core.runtime import configure_environment

configure_environment()

from benchmarks.feed_farm import FeedFarm, serve  # noqa: E402
from benchmarks.processes import dnw_run, prefect_server  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.deals_cost", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=4, help="cold runs with deals on and off, each [4]")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--out", type=Path, default=Path("bench-results/deals.json"))
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="dnw-deals-"))
    farm = FeedFarm(args.feeds, args.items)
    runs: dict[str, list[float]] = {"on": [], "off": []}
    stages: dict[str, list[dict[str, float]]] = {"on": [], "off": []}
    try:
        with serve(farm) as base, prefect_server(work / "prefect-home") as server_env:
            feeds_file = work / "farm-feeds.toml"
            feeds_file.write_text(
                "".join(
                    f'[[feeds]]\nname = "farm-{i:05d}"\nurl = "{base}/feed/{i}.xml"\n'
                    f'publisher = "Farm {i % 50}"\n\n'
                    for i in range(args.feeds)
                ),
                encoding="utf-8",
            )
            for pair in range(args.pairs):
                order = ("on", "off") if pair % 2 == 0 else ("off", "on")
                for side in order:
                    data = work / f"run-{pair}-{side}"
                    env = {
                        **os.environ,
                        **server_env,
                        "DNW_WAREHOUSE": str(data / "warehouse.duckdb"),
                        "DNW_DATA_DIR": str(data),
                        "DNW_CONCURRENCY": str(args.concurrency),
                        "DNW_PER_HOST_CONCURRENCY": str(args.concurrency),  # every farm feed is on one host
                        "DNW_DEALS": "1" if side == "on" else "0",
                    }
                    run = dnw_run(feeds_file, env)
                    if run.returncode not in (0, 1):
                        raise RuntimeError(f"dnw run failed ({run.returncode}):\n{run.output[-2000:]}")
                    runs[side].append(run.seconds)
                    stages[side].append(run.stages)
                    print(
                        f"  pair {pair + 1} deals {side:<3} {run.seconds:7.2f} s  {run.entries} entries  "
                        f"peak RSS {run.peak_rss_mb:.0f} MB",
                        file=sys.stderr,
                        flush=True,
                    )
                    shutil.rmtree(data, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
    differences = [a - b for a, b in zip(runs["on"], runs["off"], strict=True)]
    results: dict[str, Any] = {
        "feeds": args.feeds,
        "items": args.items,
        "pairs": args.pairs,
        "deals_on_cold_process_s": runs["on"],
        "deals_off_cold_process_s": runs["off"],
        "deals_on_median_s": round(on, 3),
        "deals_off_median_s": round(off, 3),
        "deals_paired_difference_median_s": round(statistics.median(differences), 3),
        "deals_slowdown_pct": round(100 * (on - off) / off, 1),
        "deals_on_stages": stages["on"],
        "deals_off_stages": stages["off"],
    }
    print(
        f"cold with deals {on:.2f} s, without {off:.2f} s (medians of {args.pairs}); "
        f"paired difference {results['deals_paired_difference_median_s']:+.2f} s; "
        f"slowdown {results['deals_slowdown_pct']:+.1f}%"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
