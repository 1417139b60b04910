-- Fetches (by id, from a list parameter) whose load already committed: recovery must not load them twice.
select fetch_id
from ops.fetch_log
where fetch_id in (select unnest($1::varchar[]))
