-- Per-feed polling state after this run: validators for conditional GET, outcome, schedule, health.
merge into ops.feed_state as t
using batch_feed_state as s
on t.feed = s.feed
when matched then update set
    url = s.url,
    publisher = s.publisher,
    enabled = s.enabled,
    -- a fresh 200 replaces the validators; a 304 or an error keeps the ones we had
    etag = case when s.http_status = 200 then s.etag else t.etag end,
    last_modified = case when s.http_status = 200 then s.last_modified else t.last_modified end,
    last_body_sha256 = coalesce(s.body_sha256, t.last_body_sha256),
    last_status = s.http_status,
    last_outcome = s.outcome,
    last_fetch_at = s.fetched_at,
    last_success_at = case when s.succeeded then s.fetched_at else t.last_success_at end,
    consecutive_failures = s.consecutive_failures,
    consecutive_not_found = s.consecutive_not_found,
    state = s.state,
    last_error = case when s.succeeded then null else s.error end,
    last_entries = case when s.outcome = 'ok' then s.entries else t.last_entries end,
    next_check_at = s.next_check_at,
    interval_seconds = s.interval_seconds,
    schedule_reason = s.schedule_reason,
    gone_at = case when s.state = 'gone' then coalesce(t.gone_at, s.gone_at) end,
    redirected_url = coalesce(s.redirected_url, t.redirected_url),
    updated_at = s.fetched_at
when not matched then insert (
    feed, url, publisher, enabled, state, etag, last_modified, last_body_sha256, last_status, last_outcome,
    last_fetch_at, last_success_at, consecutive_failures, consecutive_not_found, last_error, last_entries,
    next_check_at, interval_seconds, schedule_reason, gone_at, redirected_url, updated_at
) values (
    s.feed, s.url, s.publisher, s.enabled, s.state, s.etag, s.last_modified, s.body_sha256, s.http_status,
    s.outcome, s.fetched_at, case when s.succeeded then s.fetched_at end, s.consecutive_failures,
    s.consecutive_not_found, case when s.succeeded then null else s.error end, s.entries, s.next_check_at,
    s.interval_seconds, s.schedule_reason, s.gone_at, s.redirected_url, s.fetched_at
)
