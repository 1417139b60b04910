-- Open quarantined entries to retry (all, or the ids given).
select quarantine_id, stage, feed, entry_key, row_json
from quality.quarantine
where status = 'open'
  and stage = 'entries'
  and (? is null or list_contains(?, quarantine_id))
order by quarantine_id
