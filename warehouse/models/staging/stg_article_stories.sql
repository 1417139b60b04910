-- One row per article: the story it belongs to.
select
    article_id,
    story_id,
    similarity,
    matched_article_id,
    method_version
from core.article_stories
