-- One row per (buyer, UTC month, stage): the deal groups a buyer country was first reported in that month,
-- each counted once however many articles reported it, under the stage of its first report (see
-- marts.deal_groups), with the sum of their values in US dollars. Groups that name no buyer are left out.
with

deal_groups as (
    select * from marts.deal_groups where buyer is not null
),

final as (
    select
        buyer,
        any_value(buyer_name) as buyer_name,
        -- the UTC month whatever the reader's session time zone
        cast(date_trunc('month', timezone('UTC', first_reported_at)) as date) as month,
        stage,
        count(*) as deal_count,
        sum(value_usd) as value_usd,
        count(value_usd) as valued_deal_count,
        cast(sum(report_count) as bigint) as report_count
    from deal_groups
    group by buyer, month, stage
)

select * from final
