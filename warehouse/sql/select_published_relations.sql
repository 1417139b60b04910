-- What readers get: every mart (a view, published as Parquet files), the reference dimensions, and the ops
-- and quality tables. The other core tables are what the marts are built from: the marts carry their
-- content. The publishing bookkeeping (which months changed, which warehouse this is) stays in the live file.
select schema_name, table_name, 'table' as kind
from duckdb_tables()
where database_name = current_database()
  and (schema_name in ('ops', 'quality') or (schema_name = 'core' and table_name like 'dim\_%' escape '\'))
  and not (schema_name = 'ops' and table_name in ('publish_changes', 'warehouse_identity'))
union all
select schema_name, view_name, 'view' as kind
from duckdb_views()
where database_name = current_database() and schema_name = 'marts' and not internal
order by kind, schema_name, table_name
