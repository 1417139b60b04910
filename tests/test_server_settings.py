"""The Prefect server settings shipped in deployments/systemd/dnw.env are settings Prefect knows: it ignores
a variable it does not know, so a misspelt one would change nothing, silently."""

from __future__ import annotations

import pytest
from prefect.settings import Settings

from benchmarks.processes import server_settings


def test_every_shipped_server_setting_is_one_prefect_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = server_settings()
    assert shipped["PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS"] == "60"
    for key, value in shipped.items():
        monkeypatch.setenv(key, value)
    known = Settings().to_environment_variables(exclude_unset=True)
    assert set(shipped) <= set(known), set(shipped) - set(known)
