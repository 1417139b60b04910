-- Quarantined rows for `dnw quarantine list`: newest first, with the title when the row has one.
select
    quarantine_id as id,
    stage,
    status,
    feed,
    reasons,
    left(
        coalesce(row_json ->> 'title', row_json ->> 'title_raw', row_json ->> 'matched_text', row_json ->> 'text'), 70
    ) as title,
    times_seen,
    last_seen_at
from quality.quarantine
where (? is null or status = ?)
  and (? is null or stage = ?)
order by last_seen_at desc, quarantine_id desc
limit ?
