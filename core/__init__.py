"""The shared vocabulary of the pipeline: settings, the feeds file, fetch outcomes, errors, run summaries.

Importing it puts the offline runtime in place (analytics off) before Prefect or great-expectations loads.
"""

from importlib.metadata import PackageNotFoundError, version

from core.runtime import configure_environment

configure_environment()

try:
    __version__ = version("defense-news-warehouse")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
