-- One row per (month, weapon system): articles and mentions, with the system's family, category and origin.
with

mentions as (
    select * from marts.entity_mentions where entity_type = 'weapon_system'
),

weapons as (
    select * from staging.stg_dim_weapon_systems
),

final as (
    select
        -- the UTC month whatever the reader's session time zone
        cast(date_trunc('month', timezone('UTC', mentions.published_at)) as date) as month,
        mentions.entity_id as weapon_id,
        weapons.name,
        weapons.family,
        weapons.category,
        weapons.origin_iso3,
        count(*) as articles,
        sum(mentions.mention_count) as mentions
    from mentions
    left join weapons on weapons.weapon_id = mentions.entity_id
    group by all
)

select * from final
