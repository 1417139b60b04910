"""great-expectations suites as code, one per stage, each expectation with the reason it exists.

great-expectations is imported lazily (it costs seconds) and only inside ``build_*`` / ``run_suite``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation


QUARANTINE = "quarantine"  # failing rows are set aside in quality.quarantine, the rest load
WARNING = "warning"  # reported in the run summary, the Prefect log and quality.validation_runs
ERROR = "error"  # the run is marked failed (DNW_FAIL_ON turns chosen warnings into errors)


@dataclass(frozen=True)
class Rule:
    """One expectation with a stable rule name (used as the quarantine reason) and why it exists."""

    name: str
    why: str
    kind: str  # the great-expectations expectation class name
    kwargs: dict[str, Any]
    severity: str = QUARANTINE

    @property
    def row_level(self) -> bool:
        """Rows failing a quarantine rule are set aside; other rules judge the batch."""
        return self.severity == QUARANTINE


PARSED_SUITE = "parsed"
ENTRIES_SUITE = "entries"
ARTICLES_SUITE = "articles"
MENTIONS_SUITE = "mentions"
MONEY_SUITE = "money"
DEALS_SUITE = "deals"
DEAL_STAGES = ("awarded", "modification", "option", "approved", "signed", "requested", "delivered")
FEEDS_SUITE = "feeds"

# Rules on parsed entries (transforms.parse.PARSED_SCHEMA plus `entry_content` and `date_unparsed`).
PARSED_RULES: tuple[Rule, ...] = (
    Rule(
        "entry_not_empty",
        "An item with no title, link, GUID or text is an empty element of the feed, not an article.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "entry_content"},
    ),
    Rule(
        "dates_parse",
        "feedparser turns dates it cannot read into nothing; such entries fall back to first-seen time.",
        "ExpectColumnValuesToBeInSet",
        {"column": "date_unparsed", "value_set": [False]},
        severity=WARNING,
    ),
)

# Row-level rules on normalized entries (transforms.normalize.NORMALIZED_SCHEMA plus the columns of
# transforms.quality.with_entry_checks: `entry_ref`, `summary_length`).
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
        "Language codes must be ISO 639-1 codes of the reference table (warehouse/seeds/languages.csv).",
        "ExpectColumnValuesToBeInSet",
        {"column": "language", "value_set": {"$PARAMETER": "languages"}},
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
        "ExpectColumnValuesToBeBetween",
        {"column": "summary_length", "max_value": 200_000},
    ),
)

# Batch-level rules on the deduplicated articles about to be loaded.
ARTICLE_RULES: tuple[Rule, ...] = (
    Rule(
        "article_id_unique",
        "The batch is deduplicated before loading; a repeated key would make MERGE ambiguous.",
        "ExpectColumnValuesToBeUnique",
        {"column": "article_id"},
        severity=ERROR,
    ),
    Rule(
        "article_id_present",
        "Every article needs its key.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "article_id"},
        severity=ERROR,
    ),
    Rule(
        "published_at_present",
        "published_at falls back to first-seen time, so it is never empty.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "published_at"},
        severity=ERROR,
    ),
)

# Row-level rules on entity mentions (transforms.extract.MENTION_SCHEMA plus `entity_key`).
MENTION_RULES: tuple[Rule, ...] = (
    Rule(
        "entity_in_reference",
        "Every mention must point at a row of the reference dimensions, or joins in the marts lose it.",
        "ExpectColumnValuesToBeInSet",
        {"column": "entity_key", "value_set": {"$PARAMETER": "entity_keys"}},
    ),
    Rule(
        "mention_offsets_valid",
        "Offsets locate the matched text for explanation; a negative offset is a bug.",
        "ExpectColumnValuesToBeBetween",
        {"column": "start_offset", "min_value": 0},
    ),
    Rule(
        "mention_text_present",
        "The matched text is the evidence for the mention.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "matched_text"},
    ),
)

# Row-level rules on money amounts (transforms.money.MONEY_SCHEMA).
MONEY_RULES: tuple[Rule, ...] = (
    Rule(
        "currency_is_iso4217",
        "Currencies must be ISO 4217 codes so that amounts can be converted and compared.",
        "ExpectColumnValuesToBeInSet",
        {"column": "currency", "value_set": {"$PARAMETER": "currencies"}},
    ),
    Rule(
        "amount_positive",
        "A zero or negative amount is a parsing error.",
        "ExpectColumnValuesToBeBetween",
        {"column": "amount", "min_value": 0, "strict_min": True},
    ),
    Rule(
        "amount_usd_plausible",
        "Above ten trillion dollars an amount is a misread number, not a defence budget.",
        "ExpectColumnValuesToBeBetween",
        {"column": "amount_usd", "max_value": 1e13},
    ),
)

# Row-level rules on deals (schemas.frames.DEAL_SCHEMA plus `offsets_inside_text`).
DEAL_RULES: tuple[Rule, ...] = (
    Rule(
        "deal_stage_known",
        "BI filters and the aggregate marts rely on the stage vocabulary; another word is a rule bug.",
        "ExpectColumnValuesToBeInSet",
        {"column": "stage", "value_set": {"$PARAMETER": "deal_stages"}},
    ),
    Rule(
        "deal_buyer_is_iso3",
        "Buyers are ISO 3166-1 alpha-3 codes of the country reference, so that deals join to countries.",
        "ExpectColumnValuesToBeInSet",
        {"column": "buyer", "value_set": {"$PARAMETER": "countries"}},
    ),
    Rule(
        "deal_seller_is_iso3",
        "Seller countries are ISO 3166-1 alpha-3 codes too.",
        "ExpectColumnValuesToBeInSet",
        {"column": "seller_country", "value_set": {"$PARAMETER": "countries"}},
    ),
    Rule(
        "deal_value_positive",
        "A deal's value is a positive amount or unknown (null); zero or less is a misread number.",
        "ExpectColumnValuesToBeBetween",
        {"column": "value", "min_value": 0, "strict_min": True},
    ),
    Rule(
        "deal_currency_is_iso4217",
        "Deal values are converted and summed by currency.",
        "ExpectColumnValuesToBeInSet",
        {"column": "currency", "value_set": {"$PARAMETER": "currencies"}},
    ),
    Rule(
        "deal_offsets_inside_text",
        "The evidence offsets must point inside the article's text, or the sentence cannot be shown.",
        "ExpectColumnValuesToBeInSet",
        {"column": "offsets_inside_text", "value_set": [True]},
    ),
    Rule(
        "deal_offsets_ordered",
        "Evidence starts at or after the start of the text.",
        "ExpectColumnValuesToBeBetween",
        {"column": "start_offset", "min_value": 0},
    ),
    Rule(
        "deal_evidence_present",
        "A deal without the sentence that states it cannot be checked by a reader.",
        "ExpectColumnValuesToNotBeNull",
        {"column": "evidence"},
    ),
)

# Per-feed batch checks (transforms.quality.feed_checks): warnings unless DNW_FAIL_ON names them.
FEED_RULES: tuple[Rule, ...] = (
    Rule(
        "volume_not_dropped",
        "A feed that usually carries many items and now carries almost none has probably broken.",
        "ExpectColumnValuesToBeBetween",
        {"column": "volume_ratio", "min_value": 0.1},
        severity=WARNING,
    ),
    Rule(
        "volume_not_spiked",
        "Ten times the usual number of items is a feed that dumped its archive or changed its format.",
        "ExpectColumnValuesToBeBetween",
        {"column": "volume_ratio", "max_value": 10},
        severity=WARNING,
    ),
    Rule(
        "dates_mostly_parse",
        "When more than a fifth of a feed's dates cannot be read, its date format changed.",
        "ExpectColumnValuesToBeBetween",
        {"column": "date_unparsed_rate", "max_value": 0.2},
        severity=WARNING,
    ),
    Rule(
        "summaries_mostly_present",
        "When most items of a feed lose their summary, extraction has little text to work on.",
        "ExpectColumnValuesToBeBetween",
        {"column": "summary_null_rate", "max_value": 0.5},
        severity=WARNING,
    ),
)

SUITES: dict[str, tuple[Rule, ...]] = {
    PARSED_SUITE: PARSED_RULES,
    ENTRIES_SUITE: ENTRY_RULES,
    ARTICLES_SUITE: ARTICLE_RULES,
    MENTIONS_SUITE: MENTION_RULES,
    MONEY_SUITE: MONEY_RULES,
    DEALS_SUITE: DEAL_RULES,
    FEEDS_SUITE: FEED_RULES,
}
# The column that names a failing row in warnings (row-level failures of warning rules are listed by it).
ROW_LABELS = {FEEDS_SUITE: "feed", PARSED_SUITE: "feed"}


def build_expectation(rule: Rule) -> Expectation:
    """The great-expectations object for a rule, tagged with the rule name."""
    import great_expectations.expectations as gxe

    cls = getattr(gxe, rule.kind)
    expectation: Expectation = cls(**rule.kwargs, meta={"rule": rule.name, "why": rule.why})
    return expectation


def check_rule_names(names: tuple[str, ...]) -> None:
    """Raise ConfigError when a name (from DNW_FAIL_ON / --fail-on) is not a rule of any suite."""
    from core.errors import ConfigError

    known = {rule.name for rules in SUITES.values() for rule in rules}
    unknown = sorted(set(names) - known)
    if unknown:
        raise ConfigError(f"fail_on names unknown rules: {', '.join(unknown)} (see schemas/suites.py)")
