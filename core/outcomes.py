"""What one fetch of one feed came to, and what a run and its feeds can be: the one place these names live.

``ops.fetch_log.outcome`` and ``ops.feed_state.outcome`` hold :class:`Outcome` values; the SQL models that
group them (marts.feed_health, the feed history) are checked against the sets here by tests/core.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The outcome of one fetch."""

    FETCHED = "fetched"  # 200 with a new body, landed; parsing turns it into OK or PARSE_ERROR
    OK = "ok"  # a new body that parsed as a feed
    UNCHANGED = "unchanged"  # 200 whose body is identical to the last one (server ignores validators)
    NOT_MODIFIED = "not_modified"  # 304 to our If-None-Match / If-Modified-Since
    PARSE_ERROR = "parse_error"  # a body that is not a feed (HTML, JSON, empty, broken beyond recovery)
    HTTP_ERROR = "http_error"  # any other status (the body, if any, is still landed)
    TIMEOUT = "timeout"  # connect, read or total timeout
    TOO_LARGE = "too_large"  # body over the size limit (checked while streaming, after decompression)
    TOO_MANY_REDIRECTS = "too_many_redirects"
    NETWORK_ERROR = "network_error"
    INVALID_URL = "invalid_url"


#: the feed answered usefully: a feed body (new or identical) or 304 (a FETCHED body is not judged yet)
SUCCEEDED = frozenset({Outcome.FETCHED, Outcome.OK, Outcome.UNCHANGED, Outcome.NOT_MODIFIED})
#: nothing new: the same body again, or 304
UNCHANGED = frozenset({Outcome.UNCHANGED, Outcome.NOT_MODIFIED})
#: a body that parsed as a feed, new or identical (``ops.pipeline_runs.feeds_ok``)
PARSED = frozenset({Outcome.OK, Outcome.UNCHANGED})
#: 304 only (``ops.pipeline_runs.feeds_not_modified``)
NOT_MODIFIED_ONLY = frozenset({Outcome.NOT_MODIFIED})
#: the fetch or the parse failed: the feed backs off (``ops.pipeline_runs.feeds_failed``)
FAILED = frozenset(set(Outcome) - SUCCEEDED)
#: outcomes a body is kept as "the last body" for (a failed parse must be tried again next time)
KEEPS_BODY = PARSED


class RunStatus(StrEnum):
    """``ops.pipeline_runs.status``."""

    OK = "ok"
    FAILED = "failed"  # an error, a data-quality error or a reconciliation mismatch
    DEFERRED = "deferred"  # a reader held the warehouse until the run gave up; its payloads stay landed


class RunKind(StrEnum):
    """``ops.pipeline_runs.run_kind``: which entry point ran the stage pipeline."""

    INGEST = "ingest"
    RECOVERED = "recovered"  # an earlier run's landed fetches, loaded by a later run
    REPLAY = "replay"
    RETRY = "retry"  # `dnw quarantine retry`: no fetches, quarantined entries re-validated
