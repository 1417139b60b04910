-- An article's current content is stored once, in core.articles: its row in core.article_revisions keeps
-- the hash and the dates but no title or summary (null), and gets them when a later content replaces it
-- (warehouse/sql/merge_revisions.sql); marts.article_revisions reads the current revision's text from the
-- article. Every loaded article's title and summary were stored twice: a cold load of 50,000 articles held
-- them in memory twice until its commit (the revisions' merge +121 MB of a 1.2 GB peak), and the file kept
-- them twice.

update core.article_revisions as r set title = null, summary = null
from core.articles as a
where a.article_id = r.article_id and a.content_hash = r.content_hash;
