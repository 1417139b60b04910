"""The package's exceptions: one hierarchy, mapped to exit codes in one place (cli/main.py)::

    DnwError                    the pipeline could not do what was asked (exit 1)
    ├── ConfigError             a feeds file, setting or argument is unusable (exit 2)
    │   └── UsageError          bad command-line input found after argument parsing (exit 2)
    ├── WarehouseBusy           another process holds the warehouse; ``holder`` says which (exit 1)
    ├── MigrationError          a migration was edited after it was applied, or its SQL failed (exit 1)
    ├── PublishError            the snapshot or an export could not be written consistently (exit 1)
    ├── SuiteError              a great-expectations expectation could not run at all (exit 1)
    └── RunFailed               a run finished but its summary says failed (quality errors, reconciliation)

Errors from libraries (DuckDB, httpx, great-expectations) pass through unless they have a named meaning.
"""

from __future__ import annotations


class DnwError(Exception):
    """Base class: the message is one line meant for the user."""

    exit_code = 1


class ConfigError(DnwError):
    """A feeds file, setting or argument is unusable."""

    exit_code = 2


class UsageError(ConfigError):
    """Bad command-line input discovered after argparse."""


class WarehouseBusy(DnwError):
    """The warehouse could not be opened in time; ``holder`` says by whom."""

    def __init__(self, message: str, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder


class MigrationError(DnwError):
    """A migration file was edited after it was applied, or its SQL failed."""


class PublishError(DnwError):
    """The snapshot or an export could not be written consistently."""


class SuiteError(DnwError):
    """A great-expectations expectation could not run (a rule bug, not bad data: bad rows are quarantined)."""


class RunFailed(DnwError):
    """A run finished but its summary says failed (data-quality errors, reconciliation)."""
