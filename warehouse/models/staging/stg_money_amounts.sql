-- One row per money amount found in an article.
select
    article_id,
    amount,
    currency,
    amount_usd,
    text,
    field,
    start_offset,
    end_offset,
    extractor_version
from core.money_amounts
