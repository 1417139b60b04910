-- One row per story: near-duplicate articles across publishers, who reported it first, how widely.
with

articles as (
    select * from marts.articles
),

final as (
    select
        story_id,
        count(*) as article_count,
        count(distinct publisher) as publisher_count,
        list(distinct publisher order by publisher) as publishers,
        min(published_at) as first_published_at,
        arg_min(publisher, published_at) as first_publisher,
        arg_min(title, published_at) as title,
        max(published_at) as last_published_at
    from articles
    group by story_id
)

select * from final
