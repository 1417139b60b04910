-- One row per article as stored in core.articles; staging only renames and casts.
select
    article_id,
    id_source,
    canonical_url,
    url,
    guid,
    title,
    summary,
    published_at,
    published_raw,
    date_source,
    language,
    language_source,
    authors,
    tags,
    image_url,
    publisher,
    first_feed,
    content_hash,
    revision_count,
    first_seen_at,
    last_seen_at
from core.articles
