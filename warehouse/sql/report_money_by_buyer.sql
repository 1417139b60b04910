-- Value in US dollars of the deals first reported each UTC month, by buyer country, over the months from
-- $1 to $2 (first days of months): the $3 buyers with the most value over those months each get a
-- series, the rest one series 'other buyers'. Each deal counts once, under the month of its first report.
with

months as (
    select month, buyer, buyer_name, value_usd
    from marts.deals_by_buyer_month
    where month between $1 and $2 and value_usd > 0
),

ranked as (
    select buyer, row_number() over (order by sum(value_usd) desc, buyer) as rank
    from months
    group by buyer
),

final as (
    select
        months.month,
        case when ranked.rank <= $3 then coalesce(months.buyer_name, months.buyer) else 'other buyers' end
            as series,
        min(ranked.rank) as series_rank,
        sum(months.value_usd) as value_usd
    from months
    inner join ranked using (buyer)
    group by all
)

select month, series, value_usd from final order by month, series_rank
