-- An entry that was quarantined and now passed validation from the same feed (fixed at the source, or
-- retried after a rule or reference-data fix) is released: its quarantine row stays, with status 'released'.
update quality.quarantine as q
set
    status = 'released',
    released_at = now(),
    released_run_id = s.run_id
from (
    select
        sightings.article_id,
        sightings.feed,
        max(sightings.seen_at) as seen_at,
        (select any_value(run_id) from batch_articles) as run_id
    from batch_sightings as sightings
    group by sightings.article_id, sightings.feed
) as s
where q.stage = 'entries'
  and q.status = 'open'
  and q.entry_key = s.article_id
  and q.feed = s.feed
