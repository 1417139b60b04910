"""DuckDB warehouse: connection, migrations, load statements and models. SQL lives in .sql files here."""
