-- Record every feed that carried each article (one row per pair; the batch is grouped first).
merge into core.article_feeds as t
using (
    select
        article_id,
        feed,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at,
        count(*) as times_seen
    from batch_sightings
    group by article_id, feed
) as s
on t.article_id = s.article_id and t.feed = s.feed
when matched then update set
    last_seen_at = greatest(t.last_seen_at, s.last_seen_at),
    times_seen = t.times_seen + s.times_seen
when not matched then insert (article_id, feed, first_seen_at, last_seen_at, times_seen)
    values (s.article_id, s.feed, s.first_seen_at, s.last_seen_at, s.times_seen)
