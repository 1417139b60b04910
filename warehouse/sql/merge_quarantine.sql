-- Keep one quarantine row per (stage, feed, entry): refreshed reasons and row, first/last seen, count.
merge into quality.quarantine as t
using (
    select *
    from batch_quarantine
    qualify row_number() over (partition by stage, feed, entry_key order by seen_at desc) = 1
) as s
on t.stage = s.stage and t.feed = s.feed and t.entry_key = s.entry_key
when matched then update set
    run_id = s.run_id,
    reasons = s.reasons,
    row_json = s.row_json,
    last_seen_at = s.seen_at,
    times_seen = t.times_seen + 1
when not matched then insert (run_id, stage, feed, entry_key, reasons, row_json, first_seen_at, last_seen_at)
    values (s.run_id, s.stage, s.feed, s.entry_key, s.reasons, s.row_json, s.seen_at, s.seen_at)
