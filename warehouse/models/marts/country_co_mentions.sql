-- One row per (article, pair of countries it mentions), each pair once with country_a < country_b.
with

countries as (
    select article_id, entity_id, entity_name, published_at
    from marts.entity_mentions
    where entity_type = 'country'
),

final as (
    select
        a.article_id,
        a.published_at,
        a.entity_id as country_a,
        a.entity_name as country_a_name,
        b.entity_id as country_b,
        b.entity_name as country_b_name
    from countries as a
    inner join countries as b
        on a.article_id = b.article_id and a.entity_id < b.entity_id
)

select * from final
