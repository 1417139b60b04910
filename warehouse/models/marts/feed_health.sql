-- One row per feed: its state, how stale it is, and how it behaved over the last 7 days.
with

state as (
    select * from ops.feed_state
),

recent as (
    select *
    from ops.fetch_log
    where started_at >= now() - interval 7 day
),

fetch_stats as (
    select
        feed,
        count(*) as fetches_7d,
        avg(case when outcome in ('ok', 'unchanged', 'not_modified') then 0 else 1 end) as error_rate_7d,
        avg(case when outcome = 'not_modified' then 1 else 0 end) as not_modified_rate_7d,
        median(elapsed_ms) as median_latency_ms_7d,
        sum(bytes) as bytes_7d
    from recent
    group by feed
),

new_items as (
    select feed, count(*) / 7.0 as items_per_day_7d
    from core.article_feeds
    where first_seen_at >= now() - interval 7 day
    group by feed
),

final as (
    select
        state.feed,
        state.publisher,
        state.enabled,
        state.state,
        state.last_outcome,
        state.last_status,
        state.last_success_at,
        date_diff('minute', state.last_success_at, now()) / 60.0 as hours_since_success,
        state.consecutive_failures,
        state.last_error,
        state.next_check_at,
        state.schedule_reason,
        coalesce(fetch_stats.fetches_7d, 0) as fetches_7d,
        fetch_stats.error_rate_7d,
        fetch_stats.not_modified_rate_7d,
        fetch_stats.median_latency_ms_7d,
        coalesce(fetch_stats.bytes_7d, 0) as bytes_7d,
        coalesce(new_items.items_per_day_7d, 0) as items_per_day_7d,
        coalesce(state.redirected_url, state.url) as url
    from state
    left join fetch_stats using (feed)
    left join new_items using (feed)
)

select * from final
