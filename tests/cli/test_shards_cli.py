"""`dnw run --work-pool` refuses to start without a Prefect server that workers could reach."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

DNW = Path(sys.executable).with_name("dnw")


def test_a_work_pool_without_prefect_api_url_is_a_configuration_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    done = subprocess.run(
        [str(DNW), "run", "--feeds", str(SAMPLES / "feeds.toml"), "--data-dir", str(tmp_path), "--shards", "2",
         "--work-pool", "dnw"],
        env={**env, "PREFECT_HOME": str(tmp_path / "prefect")}, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "needs the Prefect server that its workers poll: set PREFECT_API_URL" in done.stderr
    assert not (tmp_path / "landing").exists()  # nothing fetched
