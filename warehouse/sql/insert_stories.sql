-- Story assignment of articles new to the warehouse; an article keeps the story it was first given.
insert into core.article_stories by name
select s.article_id, s.story_id, s.similarity, s.matched_article_id, s.assigned_at, s.method_version
from batch_stories as s
where s.article_id in (select article_id from batch_statuses where status = 'new')
