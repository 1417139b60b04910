-- What readers get: every mart (a view, materialized on publish), the reference dimensions, and the ops and
-- quality tables. The other core tables are what the marts are built from: the marts carry their content.
select schema_name, table_name, 'table' as kind
from duckdb_tables()
where database_name = current_database()
  and (schema_name in ('ops', 'quality') or (schema_name = 'core' and table_name like 'dim\_%' escape '\'))
union all
select schema_name, view_name, 'view' as kind
from duckdb_views()
where database_name = current_database() and schema_name = 'marts' and not internal
order by kind, schema_name, table_name
