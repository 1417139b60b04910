-- The most mentioned entities across all articles, for the run report.
select entity_type, entity_name, sum(mention_count) as mentions
from marts.entity_mentions
group by entity_type, entity_name
order by mentions desc, entity_name
limit ?
