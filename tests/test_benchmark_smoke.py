"""The benchmark must not rot: a tiny run of every scenario (no timing assertions anywhere)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.e2e
@pytest.mark.server
@pytest.mark.timeout(600)  # the shard scenarios start two Prefect workers
def test_benchmark_smoke(tmp_path: Path, prefect_server: dict[str, str]) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, **prefect_server}  # the session's running server: no temporary one to start
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--feeds", "6", "--items", "5", "--growth", "5000",
         "--out", str(out), "--workdir", str(tmp_path / "work"), "--steady-minutes", "0.4",
         "--steady-interval", "8", "--repeats", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(out.read_text())
    for key in (
        "floor_s",
        "cold_s",
        "warm_s",
        "incremental_s",
        "cold_ratio",
        "warm_ratio",
        "growth_ratio_10m",
        "growth_publish_ratio_10m",
        "peak_rss_mb_10m",
        "peak_rss_mb",
        "floor_cores",
        "cold_process_s",
        "warm_process_s",
        "incremental_process_s",
        "steady_cpu_pct",
        "steady_cycle_cpu_s",
        "peak_rss_mb_cold",
        "peak_tree_rss_mb_cold",
        "shards_1_process_s",
        "shards_2_process_s",
        "shards_2_process_loader_s",
    ):
        assert key in figures, key
    # two runs of each repeated scenario, the figure their median
    for name in ("floor", "cold_process", "warm_process", "growth_process_5000"):
        samples = figures[f"{name}_samples_s"]
        assert len(samples) == 2, name
        assert figures[f"{name}_s"] == pytest.approx(sum(samples) / 2, abs=0.002), name
    # a ratio is the median of the ratios of neighbouring runs
    for name, ratio in (("cold_process", "cold_ratio"), ("warm_process", "warm_ratio")):
        pairs = figures[f"{name}_ratio_samples"]
        assert len(pairs) == 2, name
        assert figures[ratio] == pytest.approx(sum(pairs) / 2, abs=0.002), name
    assert len(figures["growth_process_5000_ratio_samples"]) == 2
    assert figures["cold_entries"] == 20  # 6 feeds x 5 items, minus 2 failing feeds
    assert figures["cold_process_entries"] == 20  # the same farm, through `dnw run` processes
    assert figures["shards_2_process_entries"] == 20  # two shards on the pool's workers, the same entries
    assert len(figures["shards_2_process_shards"]) == 2
    # all of a run's processes together hold at least what its largest one does (sampled: a peak can fall
    # between two samples)
    assert figures["peak_tree_rss_mb_cold"] >= figures["peak_rss_mb_cold"] * 0.5
    assert "scenario" in result.stdout


def test_idle_rate_is_the_mean_of_the_quiet_seconds() -> None:
    from benchmarks.processes import idle_rate

    # a server idling at 1.5% reads 0.01 or 0.02 a second; a flow run (busy at samples 10-14) costs more
    quiet = [0.01, 0.02] * 5
    deltas = [*quiet, 0.9, 1.2, 1.0, 0.8, 0.3, 0.05, 0.04, 0.03, 0.02, 0.02, *quiet]
    busy = [*[False] * 10, *[True] * 5, *[False] * 16]
    # second 9 ends at the run's first sample; seconds 15-19 are its tail (the settle)
    expected = deltas[:9] + deltas[20:]
    assert idle_rate(deltas, busy, settle=5) == pytest.approx(sum(expected) / len(expected))
    assert 0.014 < idle_rate(deltas, busy, settle=5) < 0.015  # a 20th percentile would say 0.01
    # no quiet stretch: a low percentile, as before
    assert idle_rate([0.5, 0.4, 0.3, 0.2, 0.1], [True] * 6) == 0.2
