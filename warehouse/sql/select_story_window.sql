-- Articles already in the warehouse that new articles may repeat: published in the window before the batch.
-- `words` are the content-word hashes stored when the article was loaded (by the words version given first);
-- without them (null) the title and summary are read, to hash them again.
select
    a.article_id,
    a.publisher,
    a.published_at,
    s.story_id,
    w.words,
    case when w.words is null then a.title end as title,
    case when w.words is null then a.summary end as summary
from core.articles as a
left join core.article_stories as s using (article_id)
left join core.story_words as w on w.article_id = a.article_id and w.version = ?
where a.published_at >= ?
