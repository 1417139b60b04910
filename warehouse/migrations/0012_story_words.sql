-- The content words of recent articles, hashed once when an article is loaded, for story matching: a run
-- matches its new articles against the articles of the 7 days before them, and splitting and hashing those
-- texts again every run was most of that matching's cost (a window of 50,000 articles: 1.0 s of CPU).
-- Rows of articles published more than 30 days before the newest article loaded are dropped at the load;
-- an article without a row (older, loaded before this table, or hashed by another polars version) is hashed
-- again from its text when a window reaches it.

create table core.story_words (
    article_id    varchar not null,
    published_at  timestamptz not null,  -- as loaded, for dropping old rows
    words         ubigint[] not null,    -- distinct content words of title + summary, each a 64-bit hash
    version       varchar not null       -- transforms.stories.WORDS_VERSION: the method and polars version
);
