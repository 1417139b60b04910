"""`dnw serve` against a real Prefect server: scheduled runs happen, complete, and grow the warehouse.

The server is `prefect server start` on a free loopback port with a temporary PREFECT_HOME (conftest); the
feed is a loopback server that publishes new items on every fetch. The test reads the published snapshot
while `dnw serve` keeps running, as a BI tool would, then stops the server process with SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import httpx2
import pytest

from tests.flows.growing_feed import growing_feeds

pytestmark = pytest.mark.server

DNW = Path(sys.executable).with_name("dnw")


def api(url: str, path: str, body: dict[str, Any]) -> Any:
    response = httpx2.post(f"{url}{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def completed_runs(url: str, deployment: str) -> list[dict[str, Any]]:
    return api(url, "/flow_runs/filter", {
        "deployments": {"name": {"any_": [deployment]}},
        "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
        "sort": "EXPECTED_START_TIME_ASC",
    })  # fmt: skip


def test_serve_runs_the_ingest_deployment_on_schedule(tmp_path: Path, prefect_server: dict[str, str]) -> None:
    url = prefect_server["PREFECT_API_URL"]
    data = tmp_path / "data"
    log_path = tmp_path / "serve.log"
    with growing_feeds() as (base, served), log_path.open("wb") as log:
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(f'[[feeds]]\nname = "alpha"\nurl = "{base}/alpha.xml"\npublisher = "Alpha Desk"\n')
        env = {**os.environ, **prefect_server, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
        serve = subprocess.Popen(
            [str(DNW), "serve", "--feeds", str(feeds), "--data-dir", str(data), "--no-data-docs",
             "--ingest-every", "8", "--publish-every", "3600", "--all"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 300
            runs: list[dict[str, Any]] = []
            while len(runs) < 2:
                assert serve.poll() is None, log_path.read_text()[-3000:]
                assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                time.sleep(1)
                runs = completed_runs(url, "ingest")
            snapshot = data / "snapshot" / "warehouse.duckdb"
            with duckdb.connect(str(snapshot), read_only=True) as con:  # the live file stays the writer's
                loaded = con.execute(
                    "select entries_new from ops.pipeline_runs where status = 'ok' order by started_at"
                ).fetchall()
                articles = con.execute("select count(*) from marts.articles").fetchone()
        finally:
            serve.send_signal(signal.SIGTERM)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                serve.kill()
                raise
    output = log_path.read_text()
    assert all(run["state_type"] == "COMPLETED" for run in runs)
    assert all(run["auto_scheduled"] for run in runs)  # started by the schedule, not by hand
    assert len(loaded) >= 2
    assert all(new > 0 for (new,) in loaded[:2])  # each run added articles
    assert articles is not None
    assert articles[0] >= 6
    assert served["alpha"] >= 2
    artifacts = api(url, "/artifacts/filter", {"artifacts": {"key": {"any_": ["ingest-summary"]}}})
    assert len(artifacts) >= 2
    assert "entries seen" in artifacts[0]["data"]
    deployments = {d["name"]: d for d in api(url, "/deployments/filter", {})}
    assert set(deployments) >= {"ingest", "publish", "maintenance"}
    assert deployments["ingest"]["global_concurrency_limit"]["limit"] == 1  # one ingest run at a time
    assert deployments["ingest"]["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
    assert serve.returncode in (0, -signal.SIGTERM, 128 + signal.SIGTERM), output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "leaked" not in output, output[-3000:]  # the validation service stopped cleanly
    assert "validation service went away" not in output  # the flow runs validated through it


def test_prefect_yaml_deploys_to_a_process_pool_and_a_worker_runs_ingest(
    tmp_path: Path, prefect_server: dict[str, str]
) -> None:
    root = Path(__file__).resolve().parents[2]
    prefect = Path(sys.executable).with_name("prefect")
    data = tmp_path / "data"
    with growing_feeds() as (base, _served):
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(f'[[feeds]]\nname = "bravo"\nurl = "{base}/bravo.xml"\npublisher = "Bravo Desk"\n')
        env = {**os.environ, **prefect_server, "DNW_PROJECT_DIR": str(root), "DNW_FEEDS": str(feeds),
               "DNW_DATA_DIR": str(data), "DNW_DATA_DOCS": "false"}  # fmt: skip

        yaml_text = (
            (root / "deployments" / "prefect.yaml")
            .read_text()
            .replace("name: dnw\n", "name: dnw-test-pool\n")
        )
        # `prefect deploy` resolves the entrypoints (package/module.py:flow) against its working directory
        # and may write there: the CLI runs in a scratch directory where each entrypoint's package is a link
        # to the project's (the worker's flow runs change into DNW_PROJECT_DIR: the pull step).
        workdir = tmp_path / "deploy"
        workdir.mkdir()
        entrypoints = [
            line.split("entrypoint:")[1].strip() for line in yaml_text.splitlines() if "entrypoint:" in line
        ]
        assert entrypoints
        for package in {entrypoint.split("/")[0] for entrypoint in entrypoints}:
            (workdir / package).symlink_to(root / package, target_is_directory=True)
        prefect_file = workdir / "prefect.yaml"
        prefect_file.write_text(yaml_text)

        def prefect_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(prefect), "--no-prompt", *args], cwd=workdir, env=env, capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip

        created = prefect_cli("work-pool", "create", "dnw-test-pool", "--type", "process")
        assert created.returncode == 0, created.stdout + created.stderr
        deployed = prefect_cli("deploy", "--all", "--prefect-file", str(prefect_file))
        assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-3000:]
        started = prefect_cli("deployment", "run", "dnw-ingest/ingest")
        assert started.returncode == 0, started.stdout + started.stderr
        worker = prefect_cli("worker", "start", "--pool", "dnw-test-pool", "--run-once", timeout=240)
        assert worker.returncode == 0, worker.stdout[-3000:] + worker.stderr[-3000:]
    deployments = api(prefect_server["PREFECT_API_URL"], "/deployments/filter", {})
    ours = {d["name"]: d for d in deployments if d.get("work_pool_name") == "dnw-test-pool"}
    assert set(ours) == {"ingest", "publish", "maintenance"}
    assert ours["ingest"]["schedules"][0]["schedule"]["interval"] == 900
    assert ours["maintenance"]["schedules"][0]["schedule"]["cron"] == "30 3 * * *"
    assert ours["ingest"]["global_concurrency_limit"]["limit"] == 1
    assert completed_runs(prefect_server["PREFECT_API_URL"], "ingest")
    with duckdb.connect(str(data / "snapshot" / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.articles").fetchone() == (3,)
