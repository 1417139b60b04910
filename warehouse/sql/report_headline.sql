-- Headline numbers of the HTML report, over the whole snapshot: articles, publishers, feeds by state,
-- entries in quarantine, and how fresh the data is. $1: the report's clock (UTC day), so that an article
-- dated in the future does not move the report's period.
with

days as (
    select day, publisher, articles from marts.daily_publisher_articles
),

feeds as (
    select
        count(*) filter (where state = 'ok') as feeds_ok,
        count(*) filter (where state = 'failing') as feeds_failing,
        count(*) filter (where state = 'gone') as feeds_gone
    from marts.feed_health
    where enabled
),

runs as (
    select max(finished_at) as last_run_at
    from ops.pipeline_runs
    where status = 'ok'
),

final as (
    select
        cast((select coalesce(sum(articles), 0) from days) as bigint) as articles,
        (select count(distinct publisher) from days) as publishers,
        feeds.feeds_ok,
        feeds.feeds_failing,
        feeds.feeds_gone,
        (select count(*) from quality.quarantine) as quarantined,
        (select max(day) from days where day <= $1) as latest_day,
        runs.last_run_at
    from feeds, runs
)

select * from final
