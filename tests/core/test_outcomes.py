"""The outcome sets are the one source of truth: the SQL that groups outcomes must agree with them."""

from __future__ import annotations

import re
from pathlib import Path

from core.outcomes import FAILED, NOT_MODIFIED_ONLY, PARSED, SUCCEEDED, UNCHANGED, Outcome

WAREHOUSE = Path(__file__).resolve().parents[2] / "warehouse"
IN_LIST = re.compile(r"outcome\s+in\s*\(([^)]*)\)", re.IGNORECASE)
EQUALS = re.compile(r"outcome\s*=\s*'([a-z_]+)'", re.IGNORECASE)


def _sql_files() -> list[Path]:
    return sorted(WAREHOUSE.glob("**/*.sql"))


def test_the_sets_partition_the_outcomes() -> None:
    assert set(Outcome) == SUCCEEDED | FAILED
    assert not SUCCEEDED & FAILED
    assert PARSED | NOT_MODIFIED_ONLY | {Outcome.FETCHED} == SUCCEEDED
    assert {Outcome.UNCHANGED, Outcome.NOT_MODIFIED} == UNCHANGED
    assert {str(o) for o in FAILED} == {
        "parse_error", "http_error", "timeout", "too_large", "too_many_redirects", "network_error", "invalid_url",
    }  # fmt: skip


def test_every_outcome_named_in_sql_is_an_outcome() -> None:
    named = set()
    for path in _sql_files():
        text = path.read_text(encoding="utf-8")
        for group in IN_LIST.findall(text):
            named |= set(re.findall(r"'([a-z_]+)'", group))
        named |= set(EQUALS.findall(text))
    assert named, "no outcome literals found: the pattern no longer matches the SQL"
    assert named <= {str(o) for o in Outcome}


def test_feed_health_counts_as_success_exactly_what_the_enum_does() -> None:
    """A fetch in ops.fetch_log is settled (never 'fetched'): success there is SUCCEEDED without FETCHED."""
    text = (WAREHOUSE / "models" / "marts" / "feed_health.sql").read_text(encoding="utf-8")
    [success] = [g for g in IN_LIST.findall(text)]
    assert set(re.findall(r"'([a-z_]+)'", success)) == {str(o) for o in SUCCEEDED - {Outcome.FETCHED}}
    assert "outcome = 'not_modified'" in text
    assert {Outcome.NOT_MODIFIED} == NOT_MODIFIED_ONLY


def test_usual_volume_and_last_entries_read_only_parsed_fetches() -> None:
    """select_feed_history and merge_feed_state count entries of fetches that parsed into entries: OK."""
    for name in ("select_feed_history.sql", "merge_feed_state.sql"):
        text = (WAREHOUSE / "sql" / name).read_text(encoding="utf-8")
        assert set(EQUALS.findall(text)) == {str(Outcome.OK)}, name
