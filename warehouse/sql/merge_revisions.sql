-- Every distinct content an article has had, with when it was first and last seen. Runs before
-- merge_articles: it reads the content the batch is about to replace.

-- The revision an article's new content replaces takes its text from the article (a current revision
-- holds none: the article has it, see migration 0013).
update core.article_revisions as r set
    title = a.title,
    summary = a.summary
from core.articles as a, batch_articles as s
where r.article_id = a.article_id and r.content_hash = a.content_hash
    and s.article_id = a.article_id and s.content_hash <> a.content_hash;

-- The batch's contents: a content seen before is touched; a new one is inserted without its text, which the
-- article holds while it is current.
merge into core.article_revisions as t
using batch_articles as s
on t.article_id = s.article_id and t.content_hash = s.content_hash
when matched then update set
    last_seen_at = greatest(t.last_seen_at, s.fetched_at)
when not matched then insert (article_id, content_hash, title, summary, first_seen_at, last_seen_at, first_run_id)
    values (s.article_id, s.content_hash, null, null, s.fetched_at, s.fetched_at, s.run_id)
