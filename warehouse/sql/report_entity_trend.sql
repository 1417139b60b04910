-- The $4 entities of type $5 (country, weapon_system) mentioned in the most articles in the report's
-- period ($1 first day, $2 last day, $3 days long), with their articles in the period of the same length
-- just before it, to show the change.
with

mentions as (
    select day, entity_type, entity_id, entity_name, articles
    from marts.daily_entity_mentions
    where entity_type = $5
      and day between $1 - cast($3 as integer) and $2
),

totals as (
    select
        entity_type,
        entity_id,
        any_value(entity_name) as entity_name,
        cast(coalesce(sum(articles) filter (where day >= $1), 0) as bigint) as articles,
        cast(coalesce(sum(articles) filter (where day < $1), 0) as bigint) as previous_articles
    from mentions
    group by entity_type, entity_id
),

final as (
    select
        *,
        row_number() over (order by articles desc, entity_name) as rank
    from totals
    where articles > 0
)

select entity_type, entity_id, entity_name, articles, previous_articles
from final
where rank <= $4
order by rank
