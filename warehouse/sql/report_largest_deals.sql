-- The $3 largest deals (deal groups: one deal however many articles reported it) first reported in the
-- report's period ($1 first day, $2 last day), by value in US dollars, with the article that first
-- reported each one.
with

deals as (
    select *
    from marts.deal_groups
    where value_usd > 0
      and cast(timezone('UTC', first_reported_at) as date) between $1 and $2
    order by value_usd desc, deal_group_id
    limit $3
),

articles as (
    select article_id, url, title, publisher
    from marts.articles
    where article_id in (select first_article_id from deals)
),

final as (
    select
        deals.deal_group_id,
        coalesce(deals.buyer_name, deals.buyer) as buyer,
        coalesce(deals.supplier_name, deals.supplier) as supplier,
        coalesce(deals.weapon_family, deals.system) as system,
        deals.stage,
        deals.value_usd,
        deals.quantity,
        deals.report_count,
        deals.first_reported_at,
        articles.url,
        articles.title,
        articles.publisher
    from deals
    left join articles on articles.article_id = deals.first_article_id
)

select * from final order by value_usd desc, deal_group_id
