-- The usual number of entries per feed: median over its last ten parsed fetches.
with

recent as (
    select
        feed,
        entries,
        row_number() over (partition by feed order by started_at desc) as recency
    from ops.fetch_log
    where outcome = 'ok'
)

select feed, median(entries) as usual_entries
from recent
where recency <= 10
group by feed
