-- One row per distinct content (title + summary) an article has had; marts.articles shows the latest.
with

revisions as (
    select * from core.article_revisions
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
