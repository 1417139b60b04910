-- One row per (UTC day, publisher): the articles the publisher published that day. The report's articles
-- per day chart reads this instead of every article row.
with

articles as (
    select * from marts.articles
),

final as (
    select
        -- the UTC day whatever the reader's session time zone
        cast(timezone('UTC', published_at) as date) as day,
        publisher,
        count(*) as articles
    from articles
    group by all
)

select * from final
