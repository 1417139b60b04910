-- Every feed's health for the report: failing feeds first, then gone ones, then the rest; each with its
-- last error and when it is checked again.
select
    feed,
    publisher,
    enabled,
    state,
    last_outcome,
    last_status,
    last_success_at,
    consecutive_failures,
    last_error,
    next_check_at,
    items_per_day_7d
from marts.feed_health
order by
    case state when 'failing' then 0 when 'gone' then 1 else 2 end,
    consecutive_failures desc,
    feed
