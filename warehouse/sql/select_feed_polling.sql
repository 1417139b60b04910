-- Polling state per feed for `dnw feeds list`.
select feed, state, last_status, last_success_at, consecutive_failures, next_check_at, redirected_url
from ops.feed_state
