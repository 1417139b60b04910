"""Benchmark the pipeline against the bare fetch + parse floor on a loopback feed farm.

    python -m benchmarks.run --feeds 1000 --items 50 --out bench.json [--growth 1000000,10000000]

What users pay first: the floor is httpx2 + feedparser over every core (a process per core), and the process
scenarios run `dnw run --all` as separate processes against a running Prefect server, with the defaults users
get (publish and Data Docs on): cold (empty warehouse), warm (every feed answers 304), incremental (5% of
feeds publish); peak memory of the cold process and its workers; growth: the same 5% round, publish included,
into a copy of that warehouse and into a copy grown to each --growth size at realistic density (keys
growth_publish_ratio_10m and peak_rss_mb_10m for the largest). Then cold runs with 1 and 2 shards on a process
work pool with two workers (keys shards_1_process_*, shards_2_process_*: per-shard fetch and parse seconds,
the loader's seconds). The floor, cold, warm and each growth round run --repeats times (3 unless told; the
floor, cold and warm in turns; the growth round into both copies in turns), because the host's speed drifts by
tens of per cent within minutes: a scenario's seconds are the median of its runs (each run's in
<name>_samples_s), its peak memory the largest, and a ratio (cold to floor, warm to cold, grown to base) the
median of the ratios of neighbouring runs (each pair's in <name>_ratio_samples).

Then, in this process (Prefect's temporary API server started by a warm-up run, not timed; publish and Data
Docs off, comparable with earlier rounds): the one-core floor, cold, warm, unchanged (same bodies, no
validators: the body-hash skip), incremental, and (only with --no-processes) growth in this process with
publish off (the same incremental round into copies of the warehouse pre-grown to each size). Prints a table
and writes JSON. Timings are measured, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.runtime import configure_environment

configure_environment()
os.environ["PREFECT_LOGGING_LEVEL"] = "CRITICAL"
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")


from benchmarks.feed_farm import FeedFarm, serve  # noqa: E402
from benchmarks.processes import (  # noqa: E402
    ProcessRun,
    all_core_floor,
    dnw,
    dnw_run,
    fetch_and_parse,
    prefect_server,
    process_workers,
    shard_costs,
    steady_state,
)
from core.feeds import Feed  # noqa: E402
from core.settings import Settings  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident memory so far of this process or of its largest parse worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def checked(run: ProcessRun, what: str) -> ProcessRun:
    """``run`` unless it failed (exit code 1 is a data-quality error its report names: still a run)."""
    if run.returncode not in (0, 1):
        raise RuntimeError(f"dnw run ({what}) failed ({run.returncode}):\n{run.output[-2000:]}")
    return run


def record_runs(name: str, runs: list[ProcessRun], results: dict[str, Any], record: Any) -> None:
    """Record a scenario measured ``len(runs)`` times: its median seconds (``<name>_s``), every run's
    seconds (``<name>_samples_s``) and the stages of the run of median time (the lower middle one of an
    even count)."""
    seconds = statistics.median(run.seconds for run in runs)
    results[f"{name}_samples_s"] = [round(run.seconds, 3) for run in runs]
    typical = sorted(runs, key=lambda run: run.seconds)[(len(runs) - 1) // 2]
    record(name, seconds, typical.entries)
    results[f"{name}_stages"] = typical.stages


def paired_ratio(results: dict[str, Any], name: str, against: str) -> float:
    """The median of the ratios of each run of ``name`` to the run of ``against`` measured next to it (the
    i-th of each, ``<name>_samples_s``), written with every pair's ratio as ``<name>_ratio_samples``: the
    host's speed drifts from minute to minute, and neighbours share it. With one run each, the plain
    ratio."""
    pairs = list(zip(results[f"{name}_samples_s"], results[f"{against}_samples_s"], strict=True))
    ratios = [round(seconds / base, 3) for seconds, base in pairs]
    results[f"{name}_ratio_samples"] = ratios
    return round(statistics.median(ratios), 3)


def process_scenarios(
    farm: FeedFarm,
    feeds: list[Feed],
    work: Path,
    args: argparse.Namespace,
    results: dict[str, Any],
    record: Any,
    sizes: list[int],
) -> None:
    """The all-core floor, a cold `dnw run --all` process against a running Prefect server (into an empty
    warehouse of its own) and a warm one right after it (into the same), in turns, ``--repeats`` times, so
    that the three see the host at the same speed; then incremental once into the last cold run's
    warehouse; then growth (:func:`growth_scenario`) for each size. A scenario's seconds are the median of
    its runs; its peak memory the largest of them."""
    feeds_file = work / "farm-feeds.toml"
    feeds_file.write_text(
        "".join(
            f'[[feeds]]\nname = "{f.name}"\nurl = "{f.url}"\npublisher = "{f.publisher}"\n\n' for f in feeds
        ),
        encoding="utf-8",
    )
    urls = [feed.url for feed in feeds]
    with prefect_server(work / "prefect-home") as server_env:
        common = {
            **os.environ,
            **server_env,
            "DNW_CONCURRENCY": str(args.concurrency),
            # every farm feed is on one host (127.0.0.1); real feeds are spread over many
            "DNW_PER_HOST_CONCURRENCY": str(args.concurrency),
            "DNW_DEALS": "0" if args.no_deals else "1",
        }
        floors: list[float] = []
        colds: list[ProcessRun] = []
        warms: list[ProcessRun] = []
        for repeat in range(args.repeats):
            seconds, floor_entries, results["floor_cores"] = all_core_floor(urls, args.concurrency, 120)
            floors.append(seconds)
            if repeat:  # only the last cold run's warehouse is kept
                shutil.rmtree(work / f"process-{repeat - 1}", ignore_errors=True)
            data = work / f"process-{repeat}"
            env = {**common, "DNW_WAREHOUSE": str(data / "warehouse.duckdb"), "DNW_DATA_DIR": str(data)}
            colds.append(checked(dnw_run(feeds_file, env), "cold"))
            warms.append(checked(dnw_run(feeds_file, env), "warm"))  # right after its cold run: the same host
        record("floor", statistics.median(floors), floor_entries)
        results["floor_samples_s"] = [round(seconds, 3) for seconds in floors]
        record_runs("cold_process", colds, results, record)
        largest = max(colds, key=lambda run: run.peak_rss_mb)
        results["peak_rss_mb_cold"] = round(largest.peak_rss_mb, 1)  # its largest process, largest run
        results["peak_tree_rss_mb_cold"] = round(max(run.peak_tree_rss_mb for run in colds), 1)  # together
        results["peak_stage_cold"] = largest.peak_stage  # when that run's own process reached its peak
        record_runs("warm_process", warms, results, record)
        farm.advance(0.05, round_seed=7)
        record_runs(
            "incremental_process", [checked(dnw_run(feeds_file, env), "incremental")], results, record
        )
        for size in sizes:
            growth_scenario(farm, feeds_file, env, work, size, results, record, args.repeats)
        if args.steady_minutes > 0:

            def change(round_: int) -> None:
                farm.advance(0.05, round_seed=1000 + round_)

            steady = steady_state(feeds_file, env, change, args.steady_interval, args.steady_minutes)
            results["steady_cpu_pct"] = steady.cpu_pct
            results["steady_cycle_cpu_s"] = steady.cycle_cpu_s
            results["steady_idle_cpu_pct"] = steady.idle_cpu_pct
            results["steady_cycles"] = steady.cycles
            results["steady_includes_server"] = steady.includes_server
            print(
                f"  steady state: {steady.cpu_pct}% of one core ({steady.cycle_cpu_s} CPU s a cycle, "
                f"idling {steady.idle_cpu_pct}%, {steady.cycles} cycles)",
                file=sys.stderr,
                flush=True,
            )


def growth_scenario(
    farm: FeedFarm,
    feeds_file: Path,
    env: dict[str, str],
    work: Path,
    size: int,
    results: dict[str, Any],
    record: Any,
    repeats: int = 1,
) -> None:
    """The same incremental round (5% of feeds change) as `dnw run --all` processes, publish included, into
    two copies of the process scenarios' warehouse: one as it is (about 50,000 articles) and one grown by
    ``size`` articles of realistic density (benchmarks/grow.py). Each copy has its own data folder and was
    published once in full before (untimed: a warehouse that size has been published before), so the timed
    run's publish is the one users pay every run. Keys: incremental_base_process_<size>_s,
    growth_process_<size>_s, growth_publish_ratio_<size>, peak_rss_mb_growth_<size>."""
    source = Path(env["DNW_WAREHOUSE"])
    copies = {}
    for name in ("base", "grown"):
        data = work / f"growth-{size}-{name}"
        data.mkdir(parents=True, exist_ok=True)
        warehouse = data / "warehouse.duckdb"
        shutil.copy(source, warehouse)
        copies[name] = {**env, "DNW_WAREHOUSE": str(warehouse), "DNW_DATA_DIR": str(data)}
    began = time.perf_counter()
    # in a child process, so that generating rows does not count in any measured peak
    subprocess.run(
        [sys.executable, "-m", "benchmarks.grow", copies["grown"]["DNW_WAREHOUSE"], str(size)], check=True
    )
    results[f"grow_{size}_s"] = round(time.perf_counter() - began, 1)
    for name, copy_env in copies.items():
        first = dnw(copy_env, "publish")
        if first.returncode != 0:
            raise RuntimeError(f"dnw publish ({name}, {size}) failed:\n{first.output[-2000:]}")
        results[f"first_publish_{name}_{size}_s"] = round(first.seconds, 3)
    runs: dict[str, list[ProcessRun]] = {"base": [], "grown": []}
    for repeat in range(repeats):
        farm.advance(0.05, round_seed=size + repeat)
        # the same round into both copies, in turns first, so that a drift of the host's speed hits both
        for name in ("base", "grown") if repeat % 2 == 0 else ("grown", "base"):
            runs[name].append(checked(dnw_run(feeds_file, copies[name]), f"{name}, {size}"))
    for name, key in (("base", f"incremental_base_process_{size}"), ("grown", f"growth_process_{size}")):
        record_runs(key, runs[name], results, record)
        peak = max(run.peak_rss_mb for run in runs[name])
        results[f"peak_rss_mb_{'growth' if name == 'grown' else 'base'}_{size}"] = round(peak, 1)
    results[f"growth_publish_ratio_{size}"] = paired_ratio(
        results, f"growth_process_{size}", f"incremental_base_process_{size}"
    )
    for copy_env in copies.values():
        shutil.rmtree(copy_env["DNW_DATA_DIR"], ignore_errors=True)


def shard_scenarios(
    farm: FeedFarm, work: Path, args: argparse.Namespace, results: dict[str, Any], record: Any
) -> None:
    """cold `dnw run --all --shards N --work-pool ...` for N = 1 and 2, two process workers on the pool, the
    farm served on four loopback addresses (the split keeps a host's feeds together). On one 2-core machine
    little speed-up is expected: what this measures is each shard's fetch and parse seconds and the loader's
    seconds, the inputs of the capacity model in docs/operations.md."""
    hosts = 4
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(farm, f"127.0.0.{2 + h}")) for h in range(hosts)]
        feeds = [
            Feed(f"farm-{i:05d}", f"{bases[i % hosts]}/feed/{i}.xml", f"Farm {i % 50}")
            for i in range(args.feeds)
        ]
        feeds_file = work / "shard-feeds.toml"
        feeds_file.write_text(
            "".join(
                f'[[feeds]]\nname = "{f.name}"\nurl = "{f.url}"\npublisher = "{f.publisher}"\n\n'
                for f in feeds
            ),
            encoding="utf-8",
        )
        server_env = stack.enter_context(prefect_server(work / "prefect-home-shards"))
        env = {
            **os.environ, **server_env, "DNW_CONCURRENCY": str(args.concurrency),
            "DNW_PER_HOST_CONCURRENCY": str(args.concurrency), "DNW_DEALS": "0" if args.no_deals else "1",
        }  # fmt: skip
        stack.enter_context(process_workers(env, "bench-shards", 2, work / "worker-logs"))
        for shards in (1, 2):
            data = work / f"shards-{shards}"
            run_env = {**env, "DNW_DATA_DIR": str(data), "DNW_WAREHOUSE": str(data / "warehouse.duckdb")}
            run = dnw_run(feeds_file, run_env, "--shards", str(shards), "--work-pool", "bench-shards")
            if run.returncode not in (0, 1):
                raise RuntimeError(
                    f"dnw run --shards {shards} failed ({run.returncode}):\n{run.output[-2000:]}"
                )
            name = f"shards_{shards}_process"
            record(name, run.seconds, run.entries)
            results[f"{name}_stages"] = run.stages
            costs = shard_costs(run.output)
            results[f"{name}_shards"] = costs
            # the writer's own work: everything after the shards handed over their staged results
            loader = {k: v for k, v in run.stages.items() if k != "fetch" and not k.startswith("shard ")}
            results[f"{name}_loader_s"] = round(sum(loader.values()), 3)
            results[f"{name}_shard_wall_s"] = run.stages.get("fetch")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("bench-results/bench.json"))
    parser.add_argument(
        "--growth", default="1000000,10000000", help="warehouse sizes, comma-separated ('' for none)"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs of the floor, cold, warm and each growth round, reported by their median [3]",
    )
    parser.add_argument("--no-deals", action="store_true", help="turn deal extraction off (DNW_DEALS=0)")
    parser.add_argument("--workdir", type=Path, help="keep warehouses here instead of a temporary folder")
    parser.add_argument(
        "--no-processes", action="store_true", help="skip the `dnw run` process scenarios (in-process only)"
    )
    parser.add_argument(
        "--no-shards", action="store_true", help="skip the scenarios with 1 and 2 shards on a work pool"
    )
    parser.add_argument(
        "--steady-minutes", type=float, default=6.0, help="minutes of `dnw serve` measured (0: skip) [6]"
    )
    parser.add_argument(
        "--steady-interval",
        type=float,
        default=60.0,
        help="seconds between its ingests, standing for 15 min [60]",
    )
    args = parser.parse_args(argv)

    from flows.ingest import ingest  # imports Prefect

    sizes = [int(s) for s in args.growth.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dnw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    farm = FeedFarm(args.feeds, args.items)
    results: dict[str, Any] = {
        "feeds": args.feeds,
        "items": args.items,
        "body_mb": round(farm.total_bytes / 1e6, 1),
        "deals": not args.no_deals,
    }
    rows: list[tuple[str, float, int, float]] = []

    def record(name: str, seconds: float, entries: int) -> None:
        results[f"{name}_s"] = round(seconds, 3)
        results[f"{name}_entries"] = entries
        rows.append((name, seconds, entries, peak_rss_mb()))
        print(f"  {name:<14} {seconds:8.2f} s  {entries:>8} entries", file=sys.stderr, flush=True)

    with serve(farm) as base:
        urls = [f"{base}/feed/{i}.xml" for i in range(args.feeds)]
        feeds = [Feed(f"farm-{i:05d}", url, f"Farm {i % 50}") for i, url in enumerate(urls)]
        settings = Settings(
            warehouse=work / "wh.duckdb",
            data_dir=work / "data",
            concurrency=args.concurrency,
            per_host_concurrency=args.concurrency,  # every farm feed is on 127.0.0.1
            read_timeout=30,
            total_timeout=120,
            data_docs=False,
            publish=False,  # measured on its own (README: Run it on a server); comparable with earlier rounds
            deals=not args.no_deals,
        )
        warmup = replace(settings, warehouse=work / "warmup.duckdb", data_dir=work / "warmup")
        ingest(feeds[:2], warmup, all_feeds=True)  # starts Prefect's temporary server, imports everything

        if args.no_processes:
            seconds, floor_entries, results["floor_cores"] = all_core_floor(urls, args.concurrency, 120)
            record("floor", seconds, floor_entries)
        else:  # the floor alternating with the cold runs
            process_scenarios(farm, feeds, work, args, results, record, sizes)
        if not args.no_processes and not args.no_shards:
            shard_scenarios(farm, work, args, results, record)  # cold runs: the farm is left as it is

        started = time.perf_counter()
        floor_entries = asyncio.run(fetch_and_parse(urls, args.concurrency, 120))
        record("floor_1core", time.perf_counter() - started, floor_entries)

        def run(name: str, target: Settings) -> Any:
            began = time.perf_counter()
            summary = ingest(feeds, target, all_feeds=True)
            record(name, time.perf_counter() - began, summary.entries_seen)
            results[f"{name}_stages"] = {k: round(v, 3) for k, v in summary.stage_seconds.items()}
            return summary

        run("cold", settings)
        run("warm", settings)
        farm.validators = False
        run("unchanged", settings)
        farm.validators = True
        farm.advance(0.05, round_seed=1)
        run("incremental", settings)

        for size in sizes if args.no_processes else []:  # in-process growth: only without the process one
            grown = replace(settings, warehouse=work / f"wh-{size}.duckdb")
            shutil.copy(settings.warehouse, grown.warehouse)
            began = time.perf_counter()
            # in a child process, so that generating rows does not count in the pipeline's peak memory
            subprocess.run(
                [sys.executable, "-m", "benchmarks.grow", str(grown.warehouse), str(size)], check=True
            )
            results[f"grow_{size}_s"] = round(time.perf_counter() - began, 1)
            farm.advance(0.05, round_seed=size)
            base_settings = replace(settings, warehouse=work / f"wh-base-{size}.duckdb")
            shutil.copy(settings.warehouse, base_settings.warehouse)
            run(f"incremental_base_{size}", base_settings)
            run(f"growth_{size}", grown)
            results[f"growth_ratio_{size}"] = round(
                results[f"growth_{size}_s"] / results[f"incremental_base_{size}_s"], 3
            )
            grown.warehouse.unlink()
            base_settings.warehouse.unlink()

    cold, warm = ("cold_process_s", "warm_process_s") if "cold_process_s" in results else ("cold_s", "warm_s")
    if cold == "cold_process_s":  # what users pay, when measured: each run against its neighbour
        results["cold_ratio"] = paired_ratio(results, "cold_process", "floor")
        results["warm_ratio"] = paired_ratio(results, "warm_process", "cold_process")
    else:
        results["cold_ratio"] = round(results[cold] / results["floor_s"], 3)
        results["warm_ratio"] = round(results[warm] / results[cold], 3)
    results["cold_inprocess_ratio"] = round(results["cold_s"] / results["floor_s"], 3)
    # the largest size stands for 10M in a smaller run; the process scenario (publish included) when it ran
    largest = (10_000_000 if 10_000_000 in sizes else sizes[-1]) if sizes else None
    ratio = "growth_publish_ratio" if f"growth_publish_ratio_{largest}" in results else "growth_ratio"
    results["growth_ratio_10m"] = results[f"{ratio}_{largest}"] if largest else None
    results["growth_publish_ratio_10m"] = results.get(f"growth_publish_ratio_{largest}")
    results["peak_rss_mb_10m"] = results.get(f"peak_rss_mb_growth_{largest}")
    results["peak_rss_mb"] = round(peak_rss_mb(), 1)

    print(f"\n{'scenario':<26} {'wall s':>8} {'entries/s':>10} {'peak RSS MB':>12} {'x floor':>8}")
    for name, seconds, entries, rss in rows:
        rate = entries / seconds if seconds else 0.0
        print(f"{name:<26} {seconds:8.2f} {rate:10.0f} {rss:12.0f} {seconds / results['floor_s']:8.2f}")
    print(
        f"cold/floor {results['cold_ratio']}  warm/cold {results['warm_ratio']}  "
        f"growth(largest)/base {results['growth_ratio_10m']}  peak RSS {results['peak_rss_mb']} MB"
    )
    if "peak_rss_mb_cold" in results:
        print(
            f"cold run peak RSS: largest process {results['peak_rss_mb_cold']} MB, "
            f"all its processes together {results['peak_tree_rss_mb_cold']} MB; the run's own process "
            f"peaked during {results.get('peak_stage_cold')}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out}")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
