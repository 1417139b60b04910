-- Append this run's fetches (one row per feed fetched).
insert into ops.fetch_log by name
select
    fetch_id, run_id, feed, url, final_url, started_at, finished_at, elapsed_ms, http_status, bytes,
    content_type, outcome, error, body_sha256, landing_path, entries
from batch_fetch_log
