-- One row per (article, entity): how often the article mentions it.
with

mentions as (
    select * from staging.stg_entity_mentions
),

final as (
    select
        article_id,
        entity_type,
        entity_id,
        any_value(entity_name) as entity_name,
        count(*) as mention_count
    from mentions
    group by article_id, entity_type, entity_id
)

select * from final
