"""Column specs of every warehouse table and mart: the data dictionary.

Tests check these against the live warehouse (names, order and types) and against docs/data-dictionary.md,
so the published data dictionary, the migrations and this file cannot drift apart. `python -m schemas.tables`
prints the generated part of docs/data-dictionary.md.
"""

from __future__ import annotations

from dataclasses import dataclass

TS = "TIMESTAMPTZ"


@dataclass(frozen=True)
class Column:
    """One column: name, DuckDB type, meaning."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    """One table or view, with its grain in one sentence."""

    name: str
    grain: str
    columns: tuple[Column, ...]
    public: bool = True  # part of the contract BI users rely on (marts, ops, quality)


def _cols(*rows: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


TABLES: tuple[Table, ...] = (
    Table(
        "marts.articles",
        "One row per article (latest revision), however many feeds carried it.",
        _cols(
            ("article_id", "VARCHAR", "Stable key: hash of the canonical URL, else of publisher + GUID, else of publisher + title."),
            ("canonical_url", "VARCHAR", "Link with tracking parameters, fragment, default port removed; host lowercased; query sorted."),
            ("url", "VARCHAR", "Link as published (made absolute against the feed URL)."),
            ("title", "VARCHAR", "Title as plain text."),
            ("summary", "VARCHAR", "Summary or content as plain text (tags removed, entities decoded, whitespace collapsed)."),
            ("published_at", TS, "Publication time in UTC: the entry's published date, else updated, else first seen."),
            ("publisher", "VARCHAR", "Publisher named in the feeds file for the feed that first carried the article."),
            ("language", "VARCHAR", "ISO 639-1 code declared by the entry or feed (or the feeds file); null when unknown."),
            ("first_seen_at", TS, "When the pipeline first fetched the article."),
            ("feed_count", "BIGINT", "Number of distinct feeds that carried the article."),
            ("feeds", "VARCHAR[]", "Those feeds, in the order they were first seen."),
            ("guid", "VARCHAR", "The entry's GUID / Atom id."),
            ("authors", "VARCHAR[]", "Author names."),
            ("tags", "VARCHAR[]", "Categories / tags from the feed."),
            ("image_url", "VARCHAR", "Lead image or image enclosure."),
            ("date_source", "VARCHAR", "Which date published_at came from: published, updated or first_seen."),
            ("published_raw", "VARCHAR", "The date string as the feed wrote it."),
            ("revision_count", "INTEGER", "1 + number of times title or summary changed after first seen."),
            ("last_seen_at", TS, "Last time any feed carried the article."),
            ("story_id", "VARCHAR", "The story (near-duplicate copies across publishers) it belongs to; see marts.stories."),
            ("language_source", "VARCHAR", "Who gave the language: entry (xml:lang), feed, config (feeds file) or detected (py3langid)."),
        ),
    ),
    Table(
        "marts.stories",
        "One row per story: lightly rewritten copies of one story across publishers (weighted word Jaccard >= 0.40).",
        _cols(
            ("story_id", "VARCHAR", "article_id of the story's first article."),
            ("article_count", "BIGINT", "Articles in the story."),
            ("publisher_count", "BIGINT", "Distinct publishers."),
            ("publishers", "VARCHAR[]", "Those publishers."),
            ("first_published_at", TS, "When the story first appeared."),
            ("first_publisher", "VARCHAR", "Who reported it first."),
            ("title", "VARCHAR", "Title of the first article."),
            ("last_published_at", TS, "Latest article of the story."),
        ),
    ),
    Table(
        "marts.article_revisions",
        "One row per distinct content (title + summary) an article has had; marts.articles shows the latest.",
        _cols(
            ("article_id", "VARCHAR", "The article."),
            ("content_hash", "VARCHAR", "Hash of title + summary."),
            ("title", "VARCHAR", "Title of this revision."),
            ("summary", "VARCHAR", "Summary of this revision."),
            ("first_seen_at", TS, "When this content was first fetched."),
            ("last_seen_at", TS, "When it was last fetched."),
            ("revision", "BIGINT", "1 for the first content, 2 for the next, ..."),
        ),
    ),
    Table(
        "marts.entity_mentions",
        "One row per (article, entity) with the number of mentions.",
        _cols(
            ("article_id", "VARCHAR", "The article."),
            ("entity_type", "VARCHAR", "country, weapon_system, organization or civil_body (a civilian government body: legislature, international body, civil security service or agency)."),
            ("entity_id", "VARCHAR", "ISO 3166-1 alpha-3 for countries; the reference-data id otherwise."),
            ("entity_name", "VARCHAR", "Display name of the entity."),
            ("mention_count", "BIGINT", "Mentions in title and summary (the summary holds the richer of summary and content)."),
            ("published_at", TS, "The article's publication time (UTC), for time filters without a join."),
            ("in_title", "BOOLEAN", "Whether the title names the entity."),
        ),
    ),
    Table(
        "marts.daily_entity_mentions",
        "One row per (UTC day, entity): how many articles mention it that day.",
        _cols(
            ("day", "DATE", "Publication day (UTC)."),
            ("entity_type", "VARCHAR", "country, weapon_system, organization or civil_body (a civilian government body: legislature, international body, civil security service or agency)."),
            ("entity_id", "VARCHAR", "As in marts.entity_mentions."),
            ("entity_name", "VARCHAR", "Display name."),
            ("articles", "BIGINT", "Articles published that day that mention the entity."),
            ("mentions", "HUGEINT", "Total mentions in those articles."),
        ),
    ),
    Table(
        "marts.daily_publisher_articles",
        "One row per (UTC day, publisher): how many articles the publisher published that day.",
        _cols(
            ("day", "DATE", "Publication day (UTC)."),
            ("publisher", "VARCHAR", "Publisher, as in marts.articles."),
            ("articles", "BIGINT", "Articles it published that day."),
        ),
    ),
    Table(
        "marts.country_co_mentions",
        "One row per (article, pair of countries it mentions); each pair once, country_a < country_b.",
        _cols(
            ("article_id", "VARCHAR", "The article."),
            ("published_at", TS, "Its publication time (UTC)."),
            ("country_a", "VARCHAR", "ISO 3166-1 alpha-3 of the first country."),
            ("country_a_name", "VARCHAR", "Its name."),
            ("country_b", "VARCHAR", "ISO 3166-1 alpha-3 of the second country."),
            ("country_b_name", "VARCHAR", "Its name."),
        ),
    ),
    Table(
        "marts.daily_country_pairs",
        "One row per (UTC day, pair of countries mentioned together); each pair once, country_a < country_b.",
        _cols(
            ("day", "DATE", "Publication day (UTC)."),
            ("country_a", "VARCHAR", "ISO 3166-1 alpha-3 of the first country."),
            ("country_a_name", "VARCHAR", "Its name."),
            ("country_b", "VARCHAR", "ISO 3166-1 alpha-3 of the second country."),
            ("country_b_name", "VARCHAR", "Its name."),
            ("articles", "BIGINT", "Articles published that day that mention both."),
        ),
    ),
    Table(
        "marts.weapon_systems_monthly",
        "One row per (month, weapon system) with the system's family, SIPRI category and origin.",
        _cols(
            ("month", "DATE", "First day of the publication month (UTC)."),
            ("weapon_id", "VARCHAR", "Weapon system id (warehouse/seeds/weapon_systems.csv)."),
            ("name", "VARCHAR", "Display name."),
            ("family", "VARCHAR", "Canonical family, e.g. Patriot for PAC-2, PAC-3, PAC-3 MSE."),
            ("category", "VARCHAR", "SIPRI category: aircraft, air defence systems, missiles, ships, ..."),
            ("origin_iso3", "VARCHAR", "Country that designed it (ISO 3166-1 alpha-3)."),
            ("articles", "BIGINT", "Articles that month that mention it."),
            ("mentions", "HUGEINT", "Total mentions."),
        ),
    ),
    Table(
        "marts.money_by_entity",
        "One row per (deal with a value, entity taking part in it): each deal's money goes only to its own buyer, seller, supplier and system.",
        _cols(
            ("article_id", "VARCHAR", "The article that states the deal."),
            ("published_at", TS, "Its publication time (UTC)."),
            ("entity_type", "VARCHAR", "country (buyer, seller), organization (supplier) or weapon_system (system)."),
            ("entity_id", "VARCHAR", "ISO 3166-1 alpha-3 for countries; the reference-data id otherwise (as in marts.entity_mentions)."),
            ("entity_name", "VARCHAR", "Display name (the supplier or system as written when the reference data has no name)."),
            ("weapon_family", "VARCHAR", "Family of the weapon system (system rows only)."),
            ("weapon_category", "VARCHAR", "SIPRI category of the weapon system (system rows only)."),
            ("amount", "DOUBLE", "The deal's value in units of the currency (marts.deals.value)."),
            ("currency", "VARCHAR", "ISO 4217 code."),
            ("amount_usd", "DOUBLE", "In US dollars (null when no rate is known)."),
            ("text", "VARCHAR", "The deal's value as written."),
            ("role", "VARCHAR", "The entity's part in the deal: buyer, seller (the supplier's country), supplier or system."),
            ("deal_id", "VARCHAR", "The deal (marts.deals)."),
            ("deal_group_id", "VARCHAR", "Its deal group: every report of one deal has rows; keep report_number = 1 to count each deal once."),
            ("report_number", "BIGINT", "1 for the group's first report, 2 for the next, ..."),
            ("stage", "VARCHAR", "The deal's stage (as in marts.deals)."),
        ),
    ),
    Table(
        "marts.money_amounts",
        "One row per money amount found in an article.",
        _cols(
            ("article_id", "VARCHAR", "The article."),
            ("amount", "DOUBLE", "Amount in units of the currency (\"$1.2 billion\" -> 1200000000)."),
            ("currency", "VARCHAR", "ISO 4217 code."),
            ("amount_usd", "DOUBLE", "Amount converted to US dollars at the yearly rate; null when no rate is known."),
            ("text", "VARCHAR", "The text as matched in the article."),
            ("field", "VARCHAR", "title or summary."),
            ("start_offset", "INTEGER", "Character offset of the text in that field."),
        ),
    ),
    Table(
        "marts.deals",
        "One row per deal an article states; the reports of one deal share a deal_group_id (same buyer and supplier or system, value within 1%, at most 30 days apart).",
        _cols(
            ("deal_id", "VARCHAR", "Stable key: hash of the article, field, offset and position in the text."),
            ("article_id", "VARCHAR", "The article that states the deal."),
            ("published_at", TS, "The article's publication time (UTC)."),
            ("buyer", "VARCHAR", "ISO 3166-1 alpha-3 of the buying country (USA for every DoD contract action); null when not stated."),
            ("seller_country", "VARCHAR", "ISO 3166-1 alpha-3 of the supplier's country, when the text gives it."),
            ("supplier", "VARCHAR", "The contractor or supplier as written, without its location."),
            ("supplier_id", "VARCHAR", "Its organization id in the reference data (warehouse/seeds/organizations.csv), when known."),
            ("system", "VARCHAR", "The main item bought, as written (\"P-8A aircraft\", \"pitch link assemblies\")."),
            ("weapon_id", "VARCHAR", "Weapon system id (warehouse/seeds/weapon_systems.csv) when the item is one of those systems."),
            ("weapon_family", "VARCHAR", "Its canonical family, e.g. Patriot for PAC-2, PAC-3, PAC-3 MSE."),
            ("quantity", "BIGINT", "Units of the main item, when one count is stated."),
            ("value", "DOUBLE", "Face value of this action in units of the currency (a ceiling counts; a modification is its own amount)."),
            ("currency", "VARCHAR", "ISO 4217 code."),
            ("value_usd", "DOUBLE", "In US dollars at the yearly rate; null when no rate is known."),
            ("stage", "VARCHAR", "awarded, modification, option, approved, signed, requested or delivered (docs/deal-labels.md)."),
            ("contract_id", "VARCHAR", "Contract number (PIID) as written, when stated."),
            ("agency", "VARCHAR", "Contracting activity or approving agency as written."),
            ("evidence", "VARCHAR", "The sentence or paragraph that states the deal."),
            ("start_offset", "INTEGER", "Character offset of the evidence in the article's title or summary."),
            ("end_offset", "INTEGER", "Character offset just after the evidence."),
            ("extractor_version", "VARCHAR", "Version of the deal extractor that found it."),
            ("deal_group_id", "VARCHAR", "deal_id of the first report of the same deal (itself when no earlier article reported it); see marts.deal_groups."),
            ("report_number", "BIGINT", "1 for the group's first report, 2 for the next, ...: report_number = 1 counts each deal once."),
            ("field", "VARCHAR", "title or summary."),
            ("rule", "VARCHAR", "Rule set that found it: dod_contract, dsca_fms or news."),
            ("value_text", "VARCHAR", "The value as written."),
            ("publisher", "VARCHAR", "The article's publisher."),
            ("title", "VARCHAR", "The article's title."),
            ("buyer_name", "VARCHAR", "Name of the buyer country."),
            ("seller_country_name", "VARCHAR", "Name of the seller country."),
            ("supplier_name", "VARCHAR", "Name of the supplier organization in the reference data, else the supplier as written."),
            ("weapon_name", "VARCHAR", "Display name of the weapon system."),
            ("weapon_category", "VARCHAR", "SIPRI category of the weapon system."),
        ),
    ),
    Table(
        "marts.deal_groups",
        "One row per deal group: one deal however many articles reported it (same buyer and kind of stage, supplier or system, value within 1%, within 30 days), with its first report's stage and evidence.",
        _cols(
            ("deal_group_id", "VARCHAR", "deal_id of the first report (marts.deals.deal_group_id)."),
            ("buyer", "VARCHAR", "ISO 3166-1 alpha-3 of the buying country (the same in every report)."),
            ("supplier", "VARCHAR", "Supplier as written by the first report that names one."),
            ("supplier_id", "VARCHAR", "Its organization id, from that same report."),
            ("system", "VARCHAR", "Main item as written by the first report that names one."),
            ("weapon_id", "VARCHAR", "Its weapon system id, from that same report."),
            ("weapon_family", "VARCHAR", "Family of that weapon system."),
            ("stage", "VARCHAR", "Stage of the first report."),
            ("value", "DOUBLE", "Value of the first report that states one, in units of its currency."),
            ("currency", "VARCHAR", "ISO 4217 code of that value."),
            ("value_usd", "DOUBLE", "That value in US dollars."),
            ("report_count", "BIGINT", "Deals (reports) in the group."),
            ("article_count", "BIGINT", "Distinct articles among them."),
            ("first_reported_at", TS, "Publication time of the first report."),
            ("last_reported_at", TS, "Publication time of the latest report."),
            ("stages", "VARCHAR[]", "Every stage the reports gave, in the order they first appeared."),
            ("evidence", "VARCHAR", "Evidence of the first report."),
            ("buyer_name", "VARCHAR", "Name of the buyer country."),
            ("supplier_name", "VARCHAR", "Name of the supplier (reference data, else as written)."),
            ("seller_country", "VARCHAR", "Supplier's country, from the first report that gives it."),
            ("quantity", "BIGINT", "Units, from the first report that gives a count."),
            ("contract_id", "VARCHAR", "Contract number, from the first report that gives one."),
            ("first_article_id", "VARCHAR", "Article of the first report."),
            ("publishers", "VARCHAR[]", "Publishers that reported the deal."),
        ),
    ),
    Table(
        "marts.deals_by_buyer_month",
        "One row per (buyer, UTC month, stage): deal groups first reported that month, each counted once, under their first report's stage.",
        _cols(
            ("buyer", "VARCHAR", "ISO 3166-1 alpha-3 of the buying country (groups without a buyer are left out)."),
            ("buyer_name", "VARCHAR", "Its name."),
            ("month", "DATE", "First day of the month of the group's first report (UTC)."),
            ("stage", "VARCHAR", "Stage of the group's first report."),
            ("deal_count", "BIGINT", "Deal groups."),
            ("value_usd", "DOUBLE", "Sum of their values in US dollars (groups without a value add nothing)."),
            ("valued_deal_count", "BIGINT", "Groups with a value in US dollars."),
            ("report_count", "BIGINT", "Reports (deals) of those groups, in any month."),
        ),
    ),
    Table(
        "marts.deals_by_supplier",
        "One row per supplier: the deal groups it supplies, each counted once, and the part that is contract actions.",
        _cols(
            ("supplier", "VARCHAR", "Key: the organization id, else the lower-cased supplier as written (groups without one are left out)."),
            ("supplier_id", "VARCHAR", "Organization id in the reference data, when known."),
            ("supplier_name", "VARCHAR", "Reference-data name, else the name as its first report wrote it."),
            ("seller_country", "VARCHAR", "Its country (ISO 3166-1 alpha-3), as its first deal that gives one says."),
            ("deal_count", "BIGINT", "Deal groups."),
            ("value_usd", "DOUBLE", "Sum of their values in US dollars."),
            ("valued_deal_count", "BIGINT", "Groups with a value in US dollars."),
            ("buyer_count", "BIGINT", "Distinct buyer countries."),
            ("awarded_deal_count", "BIGINT", "Contract actions: groups first reported as awarded, modification or option."),
            ("awarded_value_usd", "DOUBLE", "Their value in US dollars."),
            ("first_reported_at", TS, "First report of its first deal."),
            ("last_reported_at", TS, "Latest report of any of its deals."),
        ),
    ),
    Table(
        "marts.deals_by_weapon_family",
        "One row per weapon family: the deal groups for its systems, each counted once (systems outside the reference data are left out).",
        _cols(
            ("weapon_family", "VARCHAR", "Canonical family, e.g. Patriot for PAC-2, PAC-3, PAC-3 MSE."),
            ("buyer_count", "BIGINT", "Distinct buyer countries."),
            ("deal_count", "BIGINT", "Deal groups."),
            ("quantity", "BIGINT", "Units bought, summed over the groups that state a count."),
            ("value_usd", "DOUBLE", "Sum of their values in US dollars."),
            ("valued_deal_count", "BIGINT", "Groups with a value in US dollars."),
            ("buyers", "VARCHAR[]", "Those buyers (ISO 3166-1 alpha-3), sorted."),
            ("first_reported_at", TS, "First report of its first deal."),
            ("last_reported_at", TS, "Latest report of any of its deals."),
        ),
    ),
    Table(
        "marts.feed_health",
        "One row per feed: state, staleness, and its behaviour over the last 7 days.",
        _cols(
            ("feed", "VARCHAR", "Feed name."),
            ("publisher", "VARCHAR", "Publisher."),
            ("enabled", "BOOLEAN", "Enabled in the feeds file."),
            ("state", "VARCHAR", "ok, failing or gone."),
            ("last_outcome", "VARCHAR", "Outcome of the last fetch."),
            ("last_status", "INTEGER", "HTTP status of the last fetch."),
            ("last_success_at", TS, "Last successful fetch."),
            ("hours_since_success", "DOUBLE", "Staleness: hours since that success."),
            ("consecutive_failures", "INTEGER", "Failures since the last success."),
            ("last_error", "VARCHAR", "The last error, while failing."),
            ("next_check_at", TS, "When it is due again."),
            ("schedule_reason", "VARCHAR", "Why that time (see ops.feed_state)."),
            ("fetches_7d", "BIGINT", "Fetches in the last 7 days."),
            ("error_rate_7d", "DOUBLE", "Share of those that failed."),
            ("not_modified_rate_7d", "DOUBLE", "Share answered 304 Not Modified."),
            ("median_latency_ms_7d", "DOUBLE", "Median fetch time in milliseconds."),
            ("bytes_7d", "HUGEINT", "Bytes downloaded (after decompression)."),
            ("items_per_day_7d", "DOUBLE", "Articles first seen in this feed per day."),
            ("url", "VARCHAR", "URL polled (the redirect target after a permanent redirect)."),
        ),
    ),
    Table(
        "ops.publish_changes",
        "One row per UTC month of articles (or the deals) a load may have changed since the last publish.",
        _cols(
            ("change_id", "BIGINT", "Increasing id; a publish consumes the rows up to the largest it read."),
            ("kind", "VARCHAR", "month (the articles published in `month`) or deals (a deal may have changed)."),
            ("month", "VARCHAR", "YYYY-MM of the articles' publication in UTC, before and after the load."),
            ("run_id", "VARCHAR", "The run whose load recorded it."),
            ("recorded_at", TS, "When."),
        ),
        public=False,
    ),
    Table(
        "ops.warehouse_identity",
        "One row: which warehouse this file is (a rebuilt or copied warehouse is published in full).",
        _cols(
            ("warehouse_id", "VARCHAR", "Random id given when the file was created."),
            ("created_at", TS, "When."),
        ),
        public=False,
    ),
    Table(
        "ops.seed_state",
        "One row: a digest of the reference seeds and applied migrations the core.dim_* tables were last "
        "refreshed from (unchanged: a load keeps the dimensions; a run without articles reads no seeds and "
        "keeps them too).",
        _cols(
            ("digest", "VARCHAR", "SHA-256 of the migration versions and the seed tables the dimensions mirror."),
            ("refreshed_at", TS, "When the dimensions were last refreshed."),
        ),
        public=False,
    ),
    Table(
        "ops.model_state",
        "One row: a digest of the model files and applied migrations the staging and marts views were last "
        "created from (unchanged: a run keeps the views).",
        _cols(
            ("digest", "VARCHAR", "SHA-256 of the migration versions and every model's name and text."),
            ("refreshed_at", TS, "When the views were last created."),
        ),
        public=False,
    ),
    Table(
        "ops.pipeline_runs",
        "One row per run of the ingest flow, with its reconciliation.",
        _cols(
            ("run_id", "VARCHAR", "Run id: UTC start time plus a random suffix."),
            ("flow_run_id", "VARCHAR", "The Prefect flow run id."),
            ("started_at", TS, "Start of the run."),
            ("finished_at", TS, "End of the run."),
            ("status", "VARCHAR", "ok, or failed (pipeline error or reconciliation mismatch; see error)."),
            ("feeds_total", "INTEGER", "Feeds fetched."),
            ("feeds_ok", "INTEGER", "Feeds parsed, or unchanged (same body as last time)."),
            ("feeds_not_modified", "INTEGER", "Feeds that answered 304 Not Modified."),
            ("feeds_failed", "INTEGER", "Feeds that failed (HTTP error, timeout, not a feed, ...)."),
            ("entries_seen", "INTEGER", "Entries parsed from all feeds."),
            ("entries_loaded", "INTEGER", "Entries that created or changed an article (new + updated)."),
            ("entries_new", "INTEGER", "Articles created."),
            ("entries_updated", "INTEGER", "Articles whose title or summary changed."),
            ("entries_quarantined", "INTEGER", "Entries rejected by validation (see quality.quarantine)."),
            ("entries_duplicate", "INTEGER", "Entries already known with the same content, or repeated within the run."),
            ("reconciled", "BOOLEAN", "entries_seen = entries_loaded + entries_quarantined + entries_duplicate."),
            ("error", "VARCHAR", "Why the run failed."),
            ("pipeline_version", "VARCHAR", "Version of defense-news-warehouse that ran."),
            ("run_kind", "VARCHAR", "ingest (scheduled or manual run) or retry (`dnw quarantine retry`)."),
            ("warnings", "VARCHAR[]", "Batch checks that failed as warnings (volume drops, unreadable dates, ...)."),
        ),
    ),
    Table(
        "ops.fetch_log",
        "One row per HTTP fetch of a feed.",
        _cols(
            (
                "fetch_id",
                "VARCHAR",
                "Fetch id; also the name of its manifest in the landing zone when it landed a body (the others"
                " share a `nobody-*.jsonl` file per run).",
            ),
            ("run_id", "VARCHAR", "The run."),
            ("feed", "VARCHAR", "Feed name from the feeds file."),
            ("url", "VARCHAR", "URL requested."),
            ("final_url", "VARCHAR", "URL after redirects."),
            ("started_at", TS, "Request start."),
            ("finished_at", TS, "Body fully read (or failure)."),
            ("elapsed_ms", "INTEGER", "Duration in milliseconds."),
            ("http_status", "INTEGER", "HTTP status; null when no response arrived."),
            ("bytes", "BIGINT", "Body size after decompression."),
            ("content_type", "VARCHAR", "Content-Type response header."),
            ("outcome", "VARCHAR", "ok, unchanged, not_modified, parse_error, http_error, timeout, too_large, too_many_redirects, network_error, invalid_url."),
            ("error", "VARCHAR", "What went wrong (or what the parser recovered from)."),
            ("body_sha256", "VARCHAR", "SHA-256 of the body."),
            ("landing_path", "VARCHAR", "Where the gzip body is under <data dir>/landing: a pack and the body's byte range (`packs/<day>/<file>.pack#<offset>+<length>`) or a file of its own (`bodies/...xml.gz`)."),
            ("entries", "INTEGER", "Entries parsed from the body."),
        ),
    ),
    Table(
        "ops.feed_state",
        "One row per feed: polling state and health.",
        _cols(
            ("feed", "VARCHAR", "Feed name."),
            ("url", "VARCHAR", "Feed URL."),
            ("publisher", "VARCHAR", "Publisher."),
            ("enabled", "BOOLEAN", "Enabled in the feeds file."),
            ("state", "VARCHAR", "ok, failing (retried with backoff, never dropped) or gone (410 or a long run of 404)."),
            ("etag", "VARCHAR", "ETag of the last 200 response, sent as If-None-Match."),
            ("last_modified", "VARCHAR", "Last-Modified of the last 200 response, sent as If-Modified-Since."),
            ("last_body_sha256", "VARCHAR", "Hash of the last parsed body: an identical body is not parsed again."),
            ("last_status", "INTEGER", "HTTP status of the last fetch."),
            ("last_outcome", "VARCHAR", "Outcome of the last fetch (as in ops.fetch_log)."),
            ("last_fetch_at", TS, "Last fetch."),
            ("last_success_at", TS, "Last fetch that succeeded (ok, unchanged, not_modified)."),
            ("consecutive_failures", "INTEGER", "Failed fetches since the last success."),
            ("last_error", "VARCHAR", "Error of the last failed fetch; null after a success."),
            ("last_entries", "INTEGER", "Entries in the last parsed body."),
            ("updated_at", TS, "When this row last changed."),
            ("next_check_at", TS, "When the feed is due again (null: at the next run; gone feeds: never)."),
            ("interval_seconds", "INTEGER", "The polling interval that set next_check_at."),
            ("schedule_reason", "VARCHAR", "Why that interval: publishing rate, ttl/max-age, unchanged, backoff, retry-after, default, gone."),
            ("consecutive_not_found", "INTEGER", "404 answers in a row (5 mark the feed gone)."),
            ("gone_at", TS, "When the feed answered 410 or its fifth 404 in a row; not polled until re-enabled."),
            ("redirected_url", "VARCHAR", "Where a chain of permanent redirects (301/308) led: fetched instead of url."),
        ),
    ),
    Table(
        "quality.quarantine",
        "One row per rejected entry (per stage and feed); re-seen entries update last_seen_at and times_seen.",
        _cols(
            ("quarantine_id", "BIGINT", "Row id."),
            ("run_id", "VARCHAR", "Last run that rejected the entry."),
            ("stage", "VARCHAR", "Suite that rejected it: parsed, entries, mentions, money or deals."),
            ("feed", "VARCHAR", "Feed that carried it."),
            ("entry_key", "VARCHAR", "entries: the article_id it would load under; parsed: a hash of its raw fields; mentions, money and deals: article_id:field:offset."),
            ("reasons", "VARCHAR[]", "Names of the failed rules (see schemas/suites.py)."),
            ("row_json", "JSON", "The rejected row as JSON (parsed entry, normalized article, mention or amount)."),
            ("first_seen_at", TS, "First rejection."),
            ("last_seen_at", TS, "Latest rejection."),
            ("times_seen", "INTEGER", "Runs that rejected it."),
            ("status", "VARCHAR", "open, or released once the entry loaded (retry after a fix, or fixed at the source)."),
            ("released_at", TS, "When it was released."),
            ("released_run_id", "VARCHAR", "The run that loaded it."),
        ),
    ),
    Table(
        "quality.validation_runs",
        "One row per expectation checked per run.",
        _cols(
            ("run_id", "VARCHAR", "The run."),
            ("suite", "VARCHAR", "parsed, entries, articles, mentions, money, deals or feeds (schemas/suites.py)."),
            ("expectation", "VARCHAR", "great-expectations expectation type."),
            ("rule", "VARCHAR", "Our rule name (the quarantine reason)."),
            ("column_name", "VARCHAR", "Column checked."),
            ("success", "BOOLEAN", "Whether every row passed."),
            ("element_count", "INTEGER", "Rows checked."),
            ("unexpected_count", "INTEGER", "Rows that failed."),
            ("observed_value", "VARCHAR", "Observed value as JSON; for failed warnings {\"failing\": [feeds]}."),
            ("checked_at", TS, "When the run checked it."),
            ("severity", "VARCHAR", "quarantine (failing rows set aside), warning (reported) or error (run failed)."),
        ),
    ),
)  # fmt: skip


def data_dictionary() -> str:
    """The generated part of docs/data-dictionary.md, from the specs."""
    parts = []
    for spec in TABLES:
        parts.append(f"#### `{spec.name}`\n\n{spec.grain}\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{c.name}` | {c.type} | {c.description} |" for c in spec.columns)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    print(data_dictionary(), end="")
