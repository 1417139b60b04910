-- Every article of the stories that have an article published in the given UTC months (the condition
-- replaces the placeholder): what those stories are computed from.
with

month_articles as (
    select article_id from core.articles where /* months */
),

stories as (
    select coalesce(s.story_id, m.article_id) as story_id
    from month_articles as m
    left join core.article_stories as s using (article_id)
)

select article_id from core.article_stories where story_id in (select story_id from stories)
union
select story_id from stories
