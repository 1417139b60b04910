-- The UTC months of every article of the stories that have an article in publish_months_articles (a story
-- is published in the month of its first article, which may be earlier or later than the changed ones).
-- An article without a row in core.article_stories is a story of its own (marts.articles).
with

stories as (
    select coalesce(s.story_id, m.article_id) as story_id
    from publish_months_articles as m
    left join core.article_stories as s using (article_id)
),

members as (
    select article_id from core.article_stories where story_id in (select story_id from stories)
    union
    select story_id from stories
)

select distinct strftime(timezone('UTC', published_at), '%Y-%m') as month
from core.articles
where article_id in (select article_id from members)
