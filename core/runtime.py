"""Process-wide runtime settings that must be in place before Prefect or great-expectations is imported."""

from __future__ import annotations

import os

# Telemetry off and no network calls home: this pipeline must run on machines without internet access.
OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # Prefect's console output is replaced by our own one-line-per-feed report; warnings still show.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_BATCH_INTERVAL": "0.5",
    # The temporary server must not try to reach the internet for UI assets or version checks.
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}

# Analytics must be off whatever the caller had set.
FORCED = ("DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED", "GX_ANALYTICS_ENABLED")


def configure_environment() -> None:
    """Set offline-safe defaults; analytics switches are forced, the rest only filled in when unset."""
    for key, value in OFFLINE_ENV.items():
        if key in FORCED:
            os.environ[key] = value
        else:
            os.environ.setdefault(key, value)
