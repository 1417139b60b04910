"""Polars schemas of the frames that pass between stages, in the order a run produces them.

Each stage's output is described once, here; tests/schemas check them against the warehouse DDL where a
frame is loaded into a table.
"""

from __future__ import annotations

import polars as pl

# Organizations of these types (warehouse/seeds/organizations.csv) are civilian government bodies: outside the
# organization policy (docs/data-dictionary.md), kept as their own entity type, civil_body.
CIVIL_ORG_TYPES = ("legislature", "international", "security_service", "civil_agency")
ENTITY_TYPES = ("country", "weapon_system", "organization", "civil_body")  # marts.entity_mentions.entity_type
# Military units found by their grammar (transforms/units.py) have entity_id "unit:<number>-<type>".
UNIT_TYPES = (
    "wing", "squadron", "group", "fleet", "flotilla", "brigade", "division", "regiment", "battalion",
    "company", "corps", "army", "command", "detachment", "task-force", "delta",
)  # fmt: skip
UNIT_ID_PATTERN = r"^unit:[1-9][0-9]{0,2}-(?:" + "|".join(UNIT_TYPES) + ")$"

# transforms.parse
PARSED_SCHEMA: dict[str, pl.DataType] = {
    "fetch_id": pl.String(),
    "feed": pl.String(),
    "publisher": pl.String(),
    "feed_country": pl.String(),  # ISO 3166-1 alpha-3 of the publisher, from the feeds file
    "feed_url": pl.String(),
    "entry_index": pl.Int32(),
    "guid": pl.String(),
    "link": pl.String(),
    "title_raw": pl.String(),
    "summary_html": pl.String(),
    "published_raw": pl.String(),
    "published_parsed": pl.Datetime("us", "UTC"),
    "updated_raw": pl.String(),
    "updated_parsed": pl.Datetime("us", "UTC"),
    "authors": pl.List(pl.String()),
    "tags": pl.List(pl.String()),
    "language_raw": pl.String(),
    "language_source": pl.String(),
    "image_url": pl.String(),
}

# transforms.normalize
NORMALIZED_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "id_source": pl.String(),
    "canonical_url": pl.String(),
    "url": pl.String(),
    "guid": pl.String(),
    "title": pl.String(),
    "summary": pl.String(),
    "summary_html": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "published_raw": pl.String(),
    "date_source": pl.String(),
    "language": pl.String(),
    "language_source": pl.String(),
    "authors": pl.List(pl.String()),
    "tags": pl.List(pl.String()),
    "image_url": pl.String(),
    "feed": pl.String(),
    "publisher": pl.String(),
    "feed_country": pl.String(),
    "fetch_id": pl.String(),
    "entry_index": pl.Int32(),
    "fetched_at": pl.Datetime("us", "UTC"),
    "content_hash": pl.String(),
}

# transforms.extract
GAZETTEER_SCHEMA: dict[str, pl.DataType] = {
    "entity_type": pl.String(),
    "entity_id": pl.String(),
    "entity_name": pl.String(),
    "alias": pl.String(),
    "requires_context": pl.String(),
    "language": pl.String(),  # ISO 639-1 code of the articles the alias is read in; null: every article
    "rule": pl.String(),  # "alias" (a name) or "capital" (counts only beside a government verb)
}  # plus cue_pattern: the regex compiled from requires_context

# transforms.extract
MENTION_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "entity_type": pl.String(),
    "entity_id": pl.String(),
    "entity_name": pl.String(),
    "matched_text": pl.String(),
    "field": pl.String(),
    "start_offset": pl.Int32(),
    "end_offset": pl.Int32(),
    "extractor_version": pl.String(),
    "rule": pl.String(),  # alias | capital | unit | service:adjacent_country | service:feed_country |
    # service:focus
}

# transforms.money
MONEY_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "amount": pl.Float64(),
    "currency": pl.String(),
    "amount_usd": pl.Float64(),
    "text": pl.String(),
    "field": pl.String(),
    "start_offset": pl.Int32(),
    "end_offset": pl.Int32(),
    "extractor_version": pl.String(),
}

# transforms.deals: one row per deal a sentence or paragraph of an article states
DEAL_SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "article_id": pl.String(),
    "field": pl.String(),
    "rule": pl.String(),
    "buyer": pl.String(),
    "seller_country": pl.String(),
    "supplier": pl.String(),
    "supplier_id": pl.String(),
    "system": pl.String(),
    "weapon_id": pl.String(),
    "quantity": pl.Int64(),
    "value": pl.Float64(),
    "currency": pl.String(),
    "value_usd": pl.Float64(),
    "value_text": pl.String(),
    "stage": pl.String(),
    "contract_id": pl.String(),
    "agency": pl.String(),
    "evidence": pl.String(),
    "start_offset": pl.Int32(),
    "end_offset": pl.Int32(),
    "extractor_version": pl.String(),
}

# transforms.quality
QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String(),
    "stage": pl.String(),
    "feed": pl.String(),
    "entry_key": pl.String(),
    "reasons": pl.List(pl.String()),
    "row_json": pl.String(),
    "seen_at": pl.Datetime("us", "UTC"),
}

# transforms.quality
FEED_CHECKS_SCHEMA: dict[str, pl.DataType] = {
    "feed": pl.String(),
    "entries": pl.Int64(),
    "usual_entries": pl.Float64(),
    "volume_ratio": pl.Float64(),
    "date_unparsed_rate": pl.Float64(),
    "summary_null_rate": pl.Float64(),
}

# transforms.schedule
SCHEDULE_INPUT: dict[str, pl.DataType] = {
    "feed": pl.String(),
    "outcome": pl.String(),
    "http_status": pl.Int32(),
    "max_age": pl.Int64(),  # seconds from Cache-Control
    "retry_after": pl.Int64(),  # seconds from Retry-After
    "ttl_minutes": pl.Int64(),  # RSS <ttl>
    "entries_per_day": pl.Float64(),  # observed publishing rate of this body
    "previous_interval": pl.Int64(),
    "previous_failures": pl.Int64(),
    "previous_not_found": pl.Int64(),
    "jitter": pl.Float64(),  # uniform in [-1, 1], drawn by the caller
}

# transforms.schedule
SCHEDULE_OUTPUT: dict[str, pl.DataType] = {
    "feed": pl.String(),
    "state": pl.String(),
    "consecutive_failures": pl.Int32(),
    "consecutive_not_found": pl.Int32(),
    "interval_seconds": pl.Int32(),
    "schedule_reason": pl.String(),
    "next_check_at": pl.Datetime("us", "UTC"),
    "gone_at": pl.Datetime("us", "UTC"),
}

# transforms.stories
STORIES_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "story_id": pl.String(),
    "similarity": pl.Float64(),
    "matched_article_id": pl.String(),
    "assigned_at": pl.Datetime("us", "UTC"),
    "method_version": pl.String(),
}

# transforms.stories.word_lists of the articles a run loads -> core.story_words
STORY_WORDS_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "words": pl.List(pl.UInt64()),
    "version": pl.String(),
}

# schemas.validate
RESULTS_SCHEMA: dict[str, pl.DataType] = {
    "suite": pl.String(),
    "expectation": pl.String(),
    "rule": pl.String(),
    "column_name": pl.String(),
    "severity": pl.String(),
    "success": pl.Boolean(),
    "element_count": pl.Int32(),
    "unexpected_count": pl.Int32(),
    "observed_value": pl.String(),
}

# sources.records
FETCH_LOG_SCHEMA: dict[str, pl.DataType] = {
    "fetch_id": pl.String(), "run_id": pl.String(), "feed": pl.String(), "url": pl.String(),
    "final_url": pl.String(), "started_at": pl.Datetime("us", "UTC"), "finished_at": pl.Datetime("us", "UTC"),
    "elapsed_ms": pl.Int32(), "http_status": pl.Int32(), "bytes": pl.Int64(), "content_type": pl.String(),
    "outcome": pl.String(), "error": pl.String(), "body_sha256": pl.String(), "landing_path": pl.String(),
    "entries": pl.Int32(),
}  # fmt: skip

# sources.records
FEED_STATE_SCHEMA: dict[str, pl.DataType] = {
    "feed": pl.String(), "url": pl.String(), "publisher": pl.String(), "enabled": pl.Boolean(),
    "etag": pl.String(), "last_modified": pl.String(), "body_sha256": pl.String(), "http_status": pl.Int32(),
    "outcome": pl.String(), "succeeded": pl.Boolean(), "error": pl.String(), "entries": pl.Int32(),
    "fetched_at": pl.Datetime("us", "UTC"), "redirected_url": pl.String(),
}  # fmt: skip
# core.summary: the ops.pipeline_runs row of a run
RUN_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String(), "flow_run_id": pl.String(), "started_at": pl.Datetime("us", "UTC"),
    "finished_at": pl.Datetime("us", "UTC"), "status": pl.String(), "feeds_total": pl.Int32(),
    "feeds_ok": pl.Int32(), "feeds_not_modified": pl.Int32(), "feeds_failed": pl.Int32(),
    "entries_seen": pl.Int32(), "entries_loaded": pl.Int32(), "entries_new": pl.Int32(),
    "entries_updated": pl.Int32(), "entries_quarantined": pl.Int32(), "entries_duplicate": pl.Int32(),
    "reconciled": pl.Boolean(), "error": pl.String(), "pipeline_version": pl.String(),
    "run_kind": pl.String(), "warnings": pl.List(pl.String()),
}  # fmt: skip
