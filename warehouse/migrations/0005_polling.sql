-- Polite polling: a schedule per feed, backoff that never gives up, gone feeds, permanent redirects.
alter table ops.feed_state add column next_check_at timestamptz;       -- due when null or in the past
alter table ops.feed_state add column interval_seconds integer;        -- the interval that set next_check_at
alter table ops.feed_state add column schedule_reason varchar;         -- why: rate, ttl, max-age, retry-after, backoff
alter table ops.feed_state add column consecutive_not_found integer default 0;
alter table ops.feed_state add column gone_at timestamptz;             -- 410, or a long run of 404: not polled
alter table ops.feed_state add column redirected_url varchar;          -- target of a 301/308: fetched instead
