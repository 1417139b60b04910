"""The `dnw` console script (pyproject.toml): the garbage collector is deferred before the command's
libraries are imported (core.runtime.defer_collection), then cli/main.py runs the command, which resumes it
(cli/main.py before any command, or the pipeline at its first stage for `run` and `demo`)."""

from __future__ import annotations

import sys

from core.runtime import defer_collection, start_early_process


def main() -> int:
    """Run the process's command line."""
    defer_collection()
    start_early_process(sys.argv)  # `dnw run` and `dnw demo`: their requests start while they import
    from cli.main import main as run_command

    return run_command()
