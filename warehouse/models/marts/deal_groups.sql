-- One row per deal group (marts.deals.deal_group_id): one deal, however many articles reported it. Stage
-- and evidence are those of the first report (the deal whose deal_id is the group's id, report 1); value,
-- supplier, system, seller country, quantity and contract number come from the first report that states
-- them; stages lists every stage the reports gave, in the order they first appeared.
with

deals as (
    select * from marts.deals
),

first_reports as (
    select * from deals where report_number = 1
),

stage_firsts as (
    select deal_group_id, stage, min(report_number) as first_report_number
    from deals
    group by all
),

stages as (
    select deal_group_id, list(stage order by first_report_number) as stages
    from stage_firsts
    group by deal_group_id
),

reports as (
    select
        deal_group_id,
        -- supplier text, id and name from one report, the first that names a supplier; same for the system
        arg_min(
            {'supplier': supplier, 'supplier_id': supplier_id, 'supplier_name': supplier_name}, report_number
        ) filter (where supplier is not null or supplier_id is not null) as supplier_of,
        arg_min(
            {'system': system, 'weapon_id': weapon_id, 'weapon_family': weapon_family}, report_number
        ) filter (where system is not null or weapon_id is not null) as system_of,
        arg_min({'value': value, 'currency': currency, 'value_usd': value_usd}, report_number)
            filter (where value is not null) as value_of,
        arg_min(seller_country, report_number) filter (where seller_country is not null) as seller_country,
        arg_min(quantity, report_number) filter (where quantity is not null) as quantity,
        arg_min(contract_id, report_number) filter (where contract_id is not null) as contract_id,
        count(*) as report_count,
        count(distinct article_id) as article_count,
        min(published_at) as first_reported_at,
        max(published_at) as last_reported_at,
        list(distinct publisher order by publisher) as publishers
    from deals
    group by deal_group_id
),

final as (
    select
        first_reports.deal_group_id,
        first_reports.buyer,
        reports.supplier_of.supplier as supplier,
        reports.supplier_of.supplier_id as supplier_id,
        reports.system_of.system as system,
        reports.system_of.weapon_id as weapon_id,
        reports.system_of.weapon_family as weapon_family,
        first_reports.stage,
        reports.value_of.value as value,
        reports.value_of.currency as currency,
        reports.value_of.value_usd as value_usd,
        reports.report_count,
        reports.article_count,
        reports.first_reported_at,
        reports.last_reported_at,
        stages.stages,
        first_reports.evidence,
        first_reports.buyer_name,
        reports.supplier_of.supplier_name as supplier_name,
        reports.seller_country,
        reports.quantity,
        reports.contract_id,
        first_reports.article_id as first_article_id,
        reports.publishers
    from first_reports
    inner join reports using (deal_group_id)
    inner join stages using (deal_group_id)
)

select * from final
