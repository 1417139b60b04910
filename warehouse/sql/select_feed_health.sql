-- marts.feed_health as `dnw feeds health` prints it.
select feed, state, hours_since_success, consecutive_failures, error_rate_7d,
    not_modified_rate_7d, median_latency_ms_7d, items_per_day_7d, last_error
from marts.feed_health
order by feed
