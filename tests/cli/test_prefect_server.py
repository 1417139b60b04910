"""`dnw prefect-server`: Prefect's own server, started from `dnw` (deployments/systemd runs it so)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.conftest import running_prefect_server


@pytest.mark.server
def test_the_server_dnw_starts_serves_the_api_and_the_ui(tmp_path: Path) -> None:
    """`dnw` quiets its own processes (no UI, WARNING logs) unless told otherwise; the server it starts for
    people to open in a browser keeps Prefect's defaults."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    with running_prefect_server(home, ui=True) as env:
        base = env["PREFECT_API_URL"].removesuffix("/api")
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:
            page = response.read(2000).decode("utf-8", "replace")
        with urllib.request.urlopen(f"{base}/api/health", timeout=10) as response:
            healthy = response.read().decode()
    assert "<html" in page.lower()
    assert healthy == "true"
