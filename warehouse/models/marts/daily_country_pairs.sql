-- One row per (UTC day, pair of countries): the articles published that day that mention both, each pair
-- once with country_a < country_b. The report's co-mention ranking reads this instead of one row per
-- article and pair (marts.country_co_mentions).
with

pairs as (
    select * from marts.country_co_mentions
),

final as (
    select
        -- the UTC day whatever the reader's session time zone
        cast(timezone('UTC', published_at) as date) as day,
        country_a,
        any_value(country_a_name) as country_a_name,
        country_b,
        any_value(country_b_name) as country_b_name,
        count(*) as articles
    from pairs
    group by day, country_a, country_b
)

select * from final
