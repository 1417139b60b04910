"""`dnw`: run the pipeline, serve the demo, query the warehouse.

Exit codes, mapped here and only here from the package's errors (core/errors.py): 0 the command completed
(failed feeds are reported, not fatal); 1 the pipeline failed (any DnwError, e.g. WarehouseBusy); 2 usage or
configuration error (ConfigError), with a one-line reason on stderr; 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from cli import evaluate, feeds, pipeline, quarantine, query, report, server
from cli.common import PROG
from core import __version__
from core.errors import ConfigError, DnwError, WarehouseBusy
from core.runtime import resume_collection

GROUPS = (pipeline, query, report, evaluate, quarantine, feeds, server)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand (each command module registers its own)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Defense-news warehouse: feeds in, facts out, in DuckDB.",
        epilog="exit codes: 0 completed (failed feeds are reported), 1 pipeline failed, 2 usage/config error",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dnw` console script (``argv`` None: the process's own arguments, and the process
    ends when this returns)."""
    try:
        return _run(build_parser().parse_args(argv))
    finally:
        if argv is None:
            # The interpreter's last garbage collections walk every object that Prefect, pydantic and polars
            # made: 0.4-0.6 s at the end of every command, a sixth of a run where every feed answers 304.
            # Nothing is left to collect then; files and connections were closed by their owners.
            gc.freeze()


def _run(args: argparse.Namespace) -> int:
    """Run a parsed command; known errors become one line on stderr and an exit code."""
    if not getattr(args, "resumes_collection", False):
        resume_collection()  # a pipeline run resumes it at its first stage, after Prefect made the flow run
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except WarehouseBusy as exc:
        print(f"{PROG}: warehouse busy: {exc}", file=sys.stderr)
        return exc.exit_code
    except DnwError as exc:
        print(f"{PROG}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
