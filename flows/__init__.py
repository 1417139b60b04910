"""Prefect flows, tasks and the `dnw` command line: the only place that orchestrates and does I/O."""

from importlib.metadata import PackageNotFoundError, version

from flows.runtime import configure_environment

configure_environment()

try:
    __version__ = version("defense-news-warehouse")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
