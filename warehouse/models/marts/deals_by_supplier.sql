-- One row per supplier (its organization id, else its lower-cased name as written): the deal groups it
-- supplies, each counted once however many articles reported it, their value in US dollars, and the part
-- that is contract actions (groups first reported as awarded, modification or option). Groups that name
-- no supplier are left out.
with

deal_groups as (
    select
        *,
        coalesce(supplier_id, lower(supplier)) as supplier_key,
        stage in ('awarded', 'modification', 'option') as is_contract_action
    from marts.deal_groups
    where supplier is not null or supplier_id is not null
),

final as (
    select
        supplier_key as supplier,
        any_value(supplier_id) as supplier_id,
        -- the reference-data name, else the name as the first report wrote it
        arg_min(supplier_name, (first_reported_at, deal_group_id)) as supplier_name,
        arg_min(seller_country, (first_reported_at, deal_group_id))
            filter (where seller_country is not null) as seller_country,
        count(*) as deal_count,
        sum(value_usd) as value_usd,
        count(value_usd) as valued_deal_count,
        count(distinct buyer) as buyer_count,
        count(*) filter (where is_contract_action) as awarded_deal_count,
        sum(value_usd) filter (where is_contract_action) as awarded_value_usd,
        min(first_reported_at) as first_reported_at,
        max(last_reported_at) as last_reported_at
    from deal_groups
    group by supplier_key
)

select * from final
