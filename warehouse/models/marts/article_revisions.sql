-- One row per distinct content (title + summary) an article has had; marts.articles shows the latest.
-- The current revision's text is the article's (core.article_revisions keeps only replaced contents' text).
with

revisions as (
    select
        r.article_id,
        r.content_hash,
        case when a.content_hash = r.content_hash then a.title else r.title end as title,
        case when a.content_hash = r.content_hash then a.summary else r.summary end as summary,
        r.first_seen_at,
        r.last_seen_at
    from core.article_revisions as r
    left join core.articles as a on a.article_id = r.article_id
),

final as (
    select
        article_id,
        content_hash,
        title,
        summary,
        first_seen_at,
        last_seen_at,
        row_number() over (partition by article_id order by first_seen_at, content_hash) as revision
    from revisions
)

select * from final
