-- One row per weapon family (as in the weapon-system reference data): the deal groups whose system is one
-- of the family's members, each counted once however many articles reported it, the buyers, the units
-- and the value in US dollars. Groups whose system is not in the reference data are left out.
with

deal_groups as (
    select * from marts.deal_groups where weapon_family is not null
),

final as (
    select
        weapon_family,
        count(distinct buyer) as buyer_count,
        count(*) as deal_count,
        cast(sum(quantity) as bigint) as quantity,
        sum(value_usd) as value_usd,
        count(value_usd) as valued_deal_count,
        list(distinct buyer order by buyer) filter (where buyer is not null) as buyers,
        min(first_reported_at) as first_reported_at,
        max(last_reported_at) as last_reported_at
    from deal_groups
    group by weapon_family
)

select * from final
