-- One row per (UTC day, entity): articles that mention the entity that day, and total mentions.
with

mentions as (
    select * from marts.entity_mentions
),

final as (
    select
        -- the UTC day whatever the reader's session time zone (a timestamptz casts in the session's zone)
        cast(timezone('UTC', published_at) as date) as day,
        entity_type,
        entity_id,
        any_value(entity_name) as entity_name,
        count(*) as articles,
        sum(mention_count) as mentions
    from mentions
    group by all
)

select * from final
