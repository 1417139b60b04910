"""great-expectations suites as code, one per stage, each expectation with the reason it exists.

great-expectations is imported lazily (it costs seconds) and only inside ``build_*`` / ``run_suite``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation


@dataclass(frozen=True)
class Rule:
    """One expectation with a stable rule name (used as the quarantine reason) and why it exists."""

    name: str
    why: str
    kind: str  # the great-expectations expectation class name
    kwargs: dict[str, Any]
    row_level: bool = True  # rows failing a row-level rule are quarantined; others only fail the batch


ENTRIES_SUITE = "entries"
ARTICLES_SUITE = "articles"

# Row-level rules on normalized entries (transforms.normalize.NORMALIZED_SCHEMA plus `entry_ref`).
ENTRY_RULES: tuple[Rule, ...] = (
    Rule(
        "title_present",
        "An article without a title cannot be listed or searched; feeds sometimes emit empty items.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "title"},
    ),
    Rule(
        "link_or_guid_present",
        "Without a link or GUID an entry cannot be told apart from the next one or traced to its source.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "entry_ref"},
    ),
    Rule(
        "url_is_http",
        "Only web links are stored: javascript:, data:, ftp: and mailto: links are useless or hostile.",
        "ExpectColumnValuesToMatchRegex",
        {"column": "url", "regex": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+"},
    ),
    Rule(
        "published_not_before_1990",
        "Defense-news feeds did not exist before 1990; such dates are parse errors or epoch defaults.",
        "ExpectColumnValuesToBeBetween",
        {"column": "published_at", "min_value": {"$PARAMETER": "min_published_at"}},
    ),
    Rule(
        "published_not_in_future",
        "A date more than a day ahead is a time-zone or typing error and would sort above real news.",
        "ExpectColumnValuesToBeBetween",
        {"column": "published_at", "max_value": {"$PARAMETER": "max_published_at"}},
    ),
    Rule(
        "language_is_iso639_1",
        "Language codes must be two-letter ISO 639-1 so that filters and joins work.",
        "ExpectColumnValuesToMatchRegex",
        {"column": "language", "regex": r"^[a-z]{2}$"},
    ),
    Rule(
        "title_length_sane",
        "A title over 1,000 characters is a feed that put its body in the title.",
        "ExpectColumnValueLengthsToBeBetween",
        {"column": "title", "min_value": 1, "max_value": 1000},
    ),
    Rule(
        "summary_length_sane",
        "Summaries over 200,000 characters are junk payloads, not articles.",
        "ExpectColumnValueLengthsToBeBetween",
        {"column": "summary", "max_value": 200_000},
    ),
)

# Batch-level rules on the deduplicated articles about to be loaded.
ARTICLE_RULES: tuple[Rule, ...] = (
    Rule(
        "article_id_unique",
        "The batch is deduplicated before loading; a repeated key would make MERGE ambiguous.",
        "ExpectColumnValuesToBeUnique",
        {"column": "article_id"},
        row_level=False,
    ),
    Rule(
        "article_id_present",
        "Every article needs its key.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "article_id"},
        row_level=False,
    ),
    Rule(
        "published_at_present",
        "published_at falls back to first-seen time, so it is never empty.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "published_at"},
        row_level=False,
    ),
)

SUITES: dict[str, tuple[Rule, ...]] = {ENTRIES_SUITE: ENTRY_RULES, ARTICLES_SUITE: ARTICLE_RULES}


def build_expectation(rule: Rule) -> Expectation:
    """The great-expectations object for a rule, tagged with the rule name."""
    import great_expectations.expectations as gxe

    cls = getattr(gxe, rule.kind)
    expectation: Expectation = cls(**rule.kwargs, meta={"rule": rule.name, "why": rule.why})
    return expectation
