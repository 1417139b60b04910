-- Of the batch's articles (batch_copies: article_id, content_hash), those stored with the same content and
-- facts from the running extractor versions (?): their facts need no extraction.
select c.article_id, c.content_hash
from batch_copies as c
join core.articles as a on a.article_id = c.article_id
where a.content_hash = c.content_hash
  and a.facts_version = ?
