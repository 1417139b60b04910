-- Articles per UTC day and publisher in the report's period ($1 first day, $2 last day), for a stacked
-- chart: the $3 publishers with the most articles in the period each get a series, the rest one
-- series 'other publishers'.
with

days as (
    select day, publisher, articles
    from marts.daily_publisher_articles
    where day between $1 and $2
),

ranked as (
    select publisher, row_number() over (order by sum(articles) desc, publisher) as rank
    from days
    group by publisher
),

final as (
    select
        days.day,
        case when ranked.rank <= $3 then days.publisher else 'other publishers' end as series,
        min(ranked.rank) as series_rank,
        cast(sum(days.articles) as bigint) as articles
    from days
    inner join ranked using (publisher)
    group by all
)

select day, series, articles from final order by day, series_rank
