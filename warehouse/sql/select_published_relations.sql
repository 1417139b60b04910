-- What BI users get: every mart (a view, materialized on publish) and the base tables of core, ops, quality.
select schema_name, table_name, 'table' as kind
from duckdb_tables()
where database_name = current_database() and schema_name in ('core', 'ops', 'quality')
union all
select schema_name, view_name, 'view' as kind
from duckdb_views()
where database_name = current_database() and schema_name = 'marts' and not internal
order by kind, schema_name, table_name
