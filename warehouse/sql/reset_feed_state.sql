-- `dnw feeds enable`: a gone or failing feed is polled again at the next run (returns the feed if it had state).
update ops.feed_state
set state = 'ok', gone_at = null, next_check_at = null, consecutive_not_found = 0
where feed = ?
returning feed
