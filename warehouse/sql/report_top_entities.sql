-- The entities mentioned most often, from the daily aggregate (not the per-article mart).
select entity_type, any_value(entity_name) as entity_name, sum(mentions) as mentions
from marts.daily_entity_mentions
group by entity_type, entity_id
order by mentions desc, entity_name
limit ?
