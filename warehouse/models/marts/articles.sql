-- One row per article, latest content, with the number of feeds that carried it.
with

articles as (
    select * from staging.stg_articles
),

stories as (
    select article_id, story_id from staging.stg_article_stories
),

feeds as (
    select
        article_id,
        count(*) as feed_count,
        list(feed order by first_seen_at, feed) as feeds
    from staging.stg_article_feeds
    group by article_id
),

final as (
    select
        articles.article_id,
        articles.canonical_url,
        articles.url,
        articles.title,
        articles.summary,
        articles.published_at,
        articles.publisher,
        articles.language,
        articles.first_seen_at,
        coalesce(feeds.feed_count, 0) as feed_count,
        feeds.feeds,
        articles.guid,
        articles.authors,
        articles.tags,
        articles.image_url,
        articles.date_source,
        articles.published_raw,
        articles.revision_count,
        articles.last_seen_at,
        coalesce(stories.story_id, articles.article_id) as story_id,
        articles.language_source
    from articles
    left join feeds using (article_id)
    left join stories using (article_id)
)

select * from final
