-- Articles already in the warehouse that new articles may repeat: published in the window before the batch.
select a.article_id, a.title, a.summary, a.publisher, a.published_at, s.story_id
from core.articles as a
left join core.article_stories as s using (article_id)
where a.published_at >= ?
