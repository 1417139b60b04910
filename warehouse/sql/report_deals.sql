-- Deal headline numbers for the run report: reports, deal groups, groups per stage, the largest groups.
select 'total' as kind, null as label, count(*) as n, null as value_usd from marts.deals
union all
select 'groups', null, count(*), null from marts.deal_groups
union all
select 'stage', stage, count(*), null from marts.deal_groups group by stage
union all
select * from (
    select 'largest', concat_ws(' ', buyer, stage, coalesce(supplier_name, supplier), coalesce(system, left(evidence, 60))), 1, value_usd
    from marts.deal_groups
    where value_usd is not null
    order by value_usd desc, deal_group_id
    limit ?
)
