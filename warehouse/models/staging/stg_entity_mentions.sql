-- One row per entity mention with its character offsets.
select
    article_id,
    entity_type,
    entity_id,
    entity_name,
    matched_text,
    field,
    start_offset,
    end_offset,
    extractor_version
from core.entity_mentions
