-- One row per (article, feed) sighting pair.
select
    article_id,
    feed,
    first_seen_at,
    last_seen_at,
    times_seen
from core.article_feeds
