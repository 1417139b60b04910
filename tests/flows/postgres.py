"""A throwaway PostgreSQL cluster for Prefect's own database: Debian's `postgresql` binaries, a cluster made
with initdb in a temporary folder, listening on a free loopback port and a socket folder of its own.

initdb and the server refuse to run as root, and CI runs as root: there they run as the `postgres` user
that Debian's package creates, in a folder that user owns (pytest's tmp_path sits under a folder only root
may enter, so the cluster goes in a temporary folder of the system's, removed afterwards). The binaries
missing: the test is skipped on a developer's machine and fails in CI (`make test` installs them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import in_ci


def postgres_bin() -> Path:
    """The folder of initdb/pg_ctl/createdb of the newest installed PostgreSQL (skip or fail without)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        message = "PostgreSQL is not installed (Debian's postgresql package; `make postgres` installs it)"
        if in_ci():
            pytest.fail(f"{message}; CI is set: the test must run")
        pytest.skip(message)
    return found[-1].parent


@contextmanager
def postgres_cluster(base: Path) -> Iterator[str]:
    """A running cluster with a database `prefect` owned by user `dnw` (trust auth on loopback only);
    yields Prefect's connection URL (asyncpg) and stops and deletes the cluster afterwards."""
    bindir = postgres_bin()
    as_root = os.geteuid() == 0
    work = Path(tempfile.mkdtemp(prefix="dnw-pg-")) if as_root else base / "postgres"
    work.mkdir(parents=True, exist_ok=True)
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(work, "postgres", "postgres")
    data, sockets, log = work / "data", work / "sockets", work / "server.log"

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = False
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "dnw", "--auth=trust", "-E", "UTF8", "--no-sync")
        run("mkdir", "-p", str(sockets))
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
        started = True
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dnw", "prefect")
        yield f"postgresql+asyncpg://dnw@127.0.0.1:{port}/prefect"
    finally:
        if started:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        if as_root:
            shutil.rmtree(work, ignore_errors=True)
