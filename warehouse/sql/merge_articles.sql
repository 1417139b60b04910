-- Upsert the deduplicated batch into core.articles: touch the articles already there, replace changed
-- content, insert new ones. Three statements rather than one MERGE: a MERGE holds its whole join while it
-- runs (a 50,000-article cold batch peaked 130 MB higher); the effect is the same.
update core.articles as t set
    last_seen_at = greatest(t.last_seen_at, s.fetched_at),
    last_run_id = s.run_id,
    -- the country of the publisher the article is credited to (first_feed); a feed given a country later fills it
    feed_country = coalesce(t.feed_country, case when s.feed = t.first_feed then s.feed_country end),
    -- null when this run did not extract the article again (its stored facts are from the running versions)
    facts_version = coalesce(s.facts_version, t.facts_version)
from batch_articles as s
where t.article_id = s.article_id and (t.content_hash <> s.content_hash) is not true;

update core.articles as t set
    canonical_url = s.canonical_url,
    url = s.url,
    guid = s.guid,
    title = s.title,
    summary = s.summary,
    summary_html = s.summary_html,
    -- a revision without its own date keeps the date the article already had
    published_at = case when s.date_source = 'first_seen' then t.published_at else s.published_at end,
    published_raw = coalesce(s.published_raw, t.published_raw),
    date_source = case when s.date_source = 'first_seen' then t.date_source else s.date_source end,
    language = coalesce(s.language, t.language),
    language_source = case when s.language is null then t.language_source else s.language_source end,
    authors = s.authors,
    tags = s.tags,
    image_url = coalesce(s.image_url, t.image_url),
    content_hash = s.content_hash,
    feed_country = coalesce(t.feed_country, case when s.feed = t.first_feed then s.feed_country end),
    revision_count = t.revision_count + 1,
    last_seen_at = greatest(t.last_seen_at, s.fetched_at),
    updated_at = s.fetched_at,
    last_run_id = s.run_id,
    facts_version = s.facts_version
from batch_articles as s
where t.article_id = s.article_id and t.content_hash <> s.content_hash;

insert into core.articles (
    article_id, id_source, canonical_url, url, guid, title, summary, summary_html, published_at,
    published_raw, date_source, language, language_source, authors, tags, image_url, publisher, first_feed,
    feed_country, content_hash, revision_count, first_seen_at, last_seen_at, updated_at, last_run_id,
    facts_version
)
select
    s.article_id, s.id_source, s.canonical_url, s.url, s.guid, s.title, s.summary, s.summary_html,
    s.published_at, s.published_raw, s.date_source, s.language, s.language_source, s.authors, s.tags,
    s.image_url, s.publisher, s.feed, s.feed_country, s.content_hash, 1, s.fetched_at, s.fetched_at,
    s.fetched_at, s.run_id, s.facts_version
from batch_articles as s
-- new: not in core.articles when the load began (classify_articles); an anti join with core.articles would
-- build its hash table over every stored article (0.4 s of each load into 10 million)
where s.article_id in (select article_id from batch_statuses where status = 'new');
