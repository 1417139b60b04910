-- What the next run needs to know per feed: validators, schedule, failure streaks, redirects.
select
    feed, url, etag, last_modified, last_body_sha256, state, next_check_at, interval_seconds,
    consecutive_failures, consecutive_not_found, redirected_url
from ops.feed_state
