-- Initial warehouse: core tables the pipeline writes, ops and quality tables anyone can query.
-- Marts are views (warehouse/models/marts) recreated on every refresh, so they are not created here.

create schema if not exists core;
create schema if not exists ops;
create schema if not exists quality;
create schema if not exists staging;
create schema if not exists marts;

-- One row per article (latest content); the key is derived from the canonical URL (transforms/normalize.py).
create table core.articles (
    article_id      varchar primary key,
    id_source       varchar not null,        -- url | guid | title | entry
    canonical_url   varchar,
    url             varchar,
    guid            varchar,
    title           varchar not null,
    summary         varchar,
    summary_html    varchar,
    published_at    timestamptz not null,
    published_raw   varchar,
    date_source     varchar not null,        -- published | updated | first_seen
    language        varchar,
    authors         varchar[],
    tags            varchar[],
    image_url       varchar,
    publisher       varchar not null,
    first_feed      varchar not null,
    content_hash    varchar not null,
    revision_count  integer not null default 1,
    first_seen_at   timestamptz not null,
    last_seen_at    timestamptz not null,
    updated_at      timestamptz not null,
    last_run_id     varchar not null
);

-- Every feed that carried an article, and when.
create table core.article_feeds (
    article_id      varchar not null,
    feed            varchar not null,
    first_seen_at   timestamptz not null,
    last_seen_at    timestamptz not null,
    times_seen      integer not null default 1,
    primary key (article_id, feed)
);

-- Facts extracted from articles (filled by the extraction stage).
create table core.entity_mentions (
    article_id      varchar not null,
    entity_type     varchar not null,
    entity_id       varchar not null,
    entity_name     varchar not null,
    matched_text    varchar not null,
    field           varchar not null,
    start_offset    integer not null,
    end_offset      integer not null,
    extractor_version varchar not null
);

create table core.money_amounts (
    article_id      varchar not null,
    amount          double not null,
    currency        varchar not null,
    amount_usd      double,
    text            varchar not null,
    field           varchar not null,
    start_offset    integer not null,
    end_offset      integer not null,
    extractor_version varchar not null
);

create table ops.pipeline_runs (
    run_id              varchar primary key,
    flow_run_id         varchar,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    status              varchar not null,      -- ok | failed
    feeds_total         integer not null default 0,
    feeds_ok            integer not null default 0,
    feeds_not_modified  integer not null default 0,
    feeds_failed        integer not null default 0,
    entries_seen        integer not null default 0,
    entries_loaded      integer not null default 0,
    entries_new         integer not null default 0,
    entries_updated     integer not null default 0,
    entries_quarantined integer not null default 0,
    entries_duplicate   integer not null default 0,
    reconciled          boolean not null default false,
    error               varchar,
    pipeline_version    varchar not null
);

create table ops.fetch_log (
    fetch_id        varchar primary key,
    run_id          varchar not null,
    feed            varchar not null,
    url             varchar not null,
    final_url       varchar,
    started_at      timestamptz not null,
    finished_at     timestamptz not null,
    elapsed_ms      integer not null,
    http_status     integer,
    bytes           bigint not null default 0,
    content_type    varchar,
    outcome         varchar not null,
    error           varchar,
    body_sha256     varchar,
    landing_path    varchar,
    entries         integer not null default 0
);

create table ops.feed_state (
    feed                 varchar primary key,
    url                  varchar not null,
    publisher            varchar not null,
    enabled              boolean not null default true,
    state                varchar not null default 'ok',   -- ok | failing | gone
    etag                 varchar,
    last_modified        varchar,
    last_body_sha256     varchar,
    last_status          integer,
    last_outcome         varchar,
    last_fetch_at        timestamptz,
    last_success_at      timestamptz,
    consecutive_failures integer not null default 0,
    last_error           varchar,
    last_entries         integer not null default 0,
    updated_at           timestamptz not null
);

create sequence quality.quarantine_seq start 1;

create table quality.quarantine (
    quarantine_id   bigint primary key default nextval('quality.quarantine_seq'),
    run_id          varchar not null,
    stage           varchar not null,
    feed            varchar not null,
    entry_key       varchar not null,
    reasons         varchar[] not null,
    row_json        json not null,
    first_seen_at   timestamptz not null,
    last_seen_at    timestamptz not null,
    times_seen      integer not null default 1,
    unique (stage, feed, entry_key)
);

create table quality.validation_runs (
    run_id            varchar not null,
    suite             varchar not null,
    expectation       varchar not null,
    rule              varchar not null,
    column_name       varchar,
    success           boolean not null,
    element_count     integer,
    unexpected_count  integer,
    observed_value    varchar,
    checked_at        timestamptz not null
);
