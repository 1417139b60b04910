-- One row per (article, entity): how often the article mentions it, and when the article was published.
with

mentions as (
    select * from staging.stg_entity_mentions
),

articles as (
    select article_id, published_at from staging.stg_articles
),

final as (
    select
        mentions.article_id,
        mentions.entity_type,
        mentions.entity_id,
        any_value(mentions.entity_name) as entity_name,
        count(*) as mention_count,
        any_value(articles.published_at) as published_at,
        bool_or(mentions.field = 'title') as in_title
    from mentions
    inner join articles using (article_id)
    group by mentions.article_id, mentions.entity_type, mentions.entity_id
)

select * from final
