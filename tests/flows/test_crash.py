"""Crash safety: SIGKILL the pipeline at every fault point in turn, then re-run.

Each crash run is a real `dnw run` process against a real Prefect server, killed by the kernel (SIGKILL: no
cleanup, no atexit, no rollback handler) at one of warehouse/faults.py's points. Every run after a crash
first recovers what earlier runs landed, so later crashes also hit the recovery path. After a final clean
run: the warehouse opens, every run reconciles, every landed fetch is in ops.fetch_log exactly once and
every item of every landed body is an article exactly once, although the feed rolls items off as it grows.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from sources.landing import read_body
from sources.manifests import read_manifests
from tests.flows.growing_feed import growing_feeds
from warehouse.faults import POINTS

pytestmark = pytest.mark.server

DNW = Path(sys.executable).with_name("dnw")
LINK = re.compile(rb"<link>(https://[a-z]+\.example/news/\d+)</link>")


def landed(data: Path) -> tuple[set[str], set[str]]:
    """(fetch ids of every manifest, item links of every landed body)."""
    fetch_ids, links = set(), set()
    for manifest in read_manifests(data / "landing"):  # a fetch with a body in a pack, or a 304
        fetch_ids.add(manifest["fetch_id"])
        if manifest["landing_path"]:
            body = read_body(data / "landing" / manifest["landing_path"])
            links |= {m.decode() for m in LINK.findall(body)}
    return fetch_ids, links


@pytest.mark.timeout(600)  # 13 `dnw run`s: 80 s alone on 2 cores, 126 s beside other work; default 300 s
def test_sigkill_at_every_fault_point_loses_and_duplicates_nothing(
    tmp_path: Path, prefect_server: dict[str, str]
) -> None:
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    env = {**os.environ, **prefect_server, "PREFECT_LOGGING_LEVEL": "CRITICAL"}
    with growing_feeds() as (base, served):
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(
            "".join(
                f'[[feeds]]\nname = "{n}"\nurl = "{base}/{n}.xml"\npublisher = "{n.title()} Desk"\n\n'
                for n in ("alpha", "bravo")
            )
        )
        command = [str(DNW), "run", "--all", "--feeds", str(feeds), "--data-dir", str(data),
                   "--no-data-docs", "--busy-timeout", "5", "--lock-timeout", "60"]  # fmt: skip
        for point in POINTS:
            crashed = subprocess.run(
                command, env={**env, "DNW_FAULT_POINT": point}, capture_output=True, text=True, timeout=300,
                check=False,
            )  # fmt: skip
            assert crashed.returncode == -signal.SIGKILL, (
                point,
                crashed.stdout[-1500:],
                crashed.stderr[-1500:],
            )
            if warehouse.exists():  # the file opens after every crash (DuckDB replays or drops its WAL)
                duckdb.connect(str(warehouse), read_only=True).close()
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert final.returncode == 0, final.stderr[-3000:]
        assert served["alpha"] >= len(POINTS) - 1  # every run but the first crash fetched

    fetch_ids, links = landed(data)
    assert len(links) > 2 * 6  # items rolled off the feed between runs
    with duckdb.connect(str(warehouse), read_only=True) as con:
        logged = [row[0] for row in con.execute("select fetch_id from ops.fetch_log").fetchall()]
        urls = [row[0] for row in con.execute("select url from marts.articles").fetchall()]
        bridge_dupes = con.execute(
            "select count(*) from (select article_id, feed from core.article_feeds group by all having count(*) > 1)"
        ).fetchone()
        runs = con.execute(
            "select run_id, run_kind, entries_seen, entries_loaded, entries_quarantined, entries_duplicate, "
            "reconciled from ops.pipeline_runs where status <> 'failed'"
        ).fetchall()
    assert sorted(logged) == sorted(fetch_ids)  # every landed fetch loaded exactly once
    assert sorted(urls) == sorted(links)  # every landed item is an article exactly once
    assert bridge_dupes == (0,)
    assert runs
    for run_id, _kind, seen, loaded, quarantined, duplicate, reconciled in runs:
        assert reconciled, run_id
        assert seen == loaded + quarantined + duplicate, run_id
    assert {kind for _, kind, *_ in runs} >= {"ingest", "recovered"}
    assert not list((data / "landing" / "pending").glob("*.json"))
    assert not (data / "landing" / "pending" / "failed").exists()
    assert not list((data / "exports").glob(".*tmp*"))
    assert not list((data / "snapshot").glob(".*tmp*"))
    with duckdb.connect(str(data / "snapshot" / "warehouse.duckdb"), read_only=True) as snap:
        assert snap.execute("select count(*) from marts.articles").fetchone() == (len(urls),)
