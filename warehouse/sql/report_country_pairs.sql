-- The $3 pairs of countries mentioned together in the most articles in the report's period ($1 first
-- day, $2 last day).
select
    country_a,
    any_value(country_a_name) as country_a_name,
    country_b,
    any_value(country_b_name) as country_b_name,
    cast(sum(articles) as bigint) as articles
from marts.daily_country_pairs
where day between $1 and $2
group by country_a, country_b
order by articles desc, country_a_name, country_b_name
limit $3
