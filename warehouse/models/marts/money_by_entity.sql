-- One row per (deal with a value, entity taking part in it): the money of each deal attributed only to the
-- entities of that deal, in their role: the buyer country (buyer), the supplier's country (seller), the
-- supplier organization when the reference data knows it (supplier) and the weapon system when the
-- reference data knows it (system). An amount an article states outside any deal is attributed to no one,
-- and an article with two deals gives each deal's value only to that deal's entities.
-- Every report of a deal has its rows: keep report_number = 1 to count each deal once. A country that is
-- both buyer and seller (a U.S. contract with a U.S. company) has a row in each role: filter on role.
with

deals as (
    select * from marts.deals where value > 0
),

countries as (
    select iso3, name from staging.stg_dim_countries
),

organizations as (
    select org_id, name from staging.stg_dim_organizations
),

weapons as (
    select weapon_id, name, family, category from staging.stg_dim_weapon_systems
),

roles as (
    select deal_id, 'buyer' as role, 'country' as entity_type, buyer as entity_id
    from deals where buyer is not null
    union all
    select deal_id, 'seller', 'country', seller_country
    from deals where seller_country is not null
    union all
    select deal_id, 'supplier', 'organization', supplier_id
    from deals where supplier_id is not null
    union all
    select deal_id, 'system', 'weapon_system', weapon_id
    from deals where weapon_id is not null
),

final as (
    select
        deals.article_id,
        deals.published_at,
        roles.entity_type,
        roles.entity_id,
        -- the reference-data name; else the supplier or system as written, or the country code
        coalesce(
            countries.name,
            organizations.name,
            weapons.name,
            case roles.role when 'supplier' then deals.supplier when 'system' then deals.system end,
            roles.entity_id
        ) as entity_name,
        weapons.family as weapon_family,
        weapons.category as weapon_category,
        deals.value as amount,
        deals.currency,
        deals.value_usd as amount_usd,
        deals.value_text as text,
        roles.role,
        deals.deal_id,
        deals.deal_group_id,
        deals.report_number,
        deals.stage
    from roles
    inner join deals using (deal_id)
    left join countries on roles.entity_type = 'country' and countries.iso3 = roles.entity_id
    left join organizations on roles.entity_type = 'organization' and organizations.org_id = roles.entity_id
    left join weapons on roles.entity_type = 'weapon_system' and weapons.weapon_id = roles.entity_id
)

select * from final
