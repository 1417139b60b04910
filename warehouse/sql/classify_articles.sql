-- For each deduplicated batch article: is it new to the warehouse, a changed version, or already known?
create or replace temp table batch_statuses as
select
    s.article_id,
    s.feed,
    case
        when t.article_id is null then 'new'
        when t.content_hash <> s.content_hash then 'changed'
        else 'same'
    end as status
from batch_articles as s
left join core.articles as t using (article_id)
