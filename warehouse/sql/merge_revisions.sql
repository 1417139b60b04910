-- Every distinct content an article has had, with when it was first and last seen.
merge into core.article_revisions as t
using batch_articles as s
on t.article_id = s.article_id and t.content_hash = s.content_hash
when matched then update set
    last_seen_at = greatest(t.last_seen_at, s.fetched_at)
when not matched then insert (article_id, content_hash, title, summary, first_seen_at, last_seen_at, first_run_id)
    values (s.article_id, s.content_hash, s.title, s.summary, s.fetched_at, s.fetched_at, s.run_id)
