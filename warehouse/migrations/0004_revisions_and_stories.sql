-- Article history and syndicated stories.

alter table core.articles add column language_source varchar;  -- entry | feed | config | detected

-- One row per distinct content (title + summary) an article has had.
create table core.article_revisions (
    article_id     varchar not null,
    content_hash   varchar not null,
    title          varchar,
    summary        varchar,
    first_seen_at  timestamptz not null,
    last_seen_at   timestamptz not null,
    first_run_id   varchar not null,
    primary key (article_id, content_hash)
);

insert into core.article_revisions
select article_id, content_hash, title, summary, first_seen_at, last_seen_at, last_run_id
from core.articles;

-- The story (cluster of near-duplicate articles across publishers) each article belongs to.
create table core.article_stories (
    article_id          varchar primary key,
    story_id            varchar not null,    -- article_id of the story's first article
    similarity          double,              -- Jaccard similarity to matched_article_id
    matched_article_id  varchar,             -- the earlier article it was matched to (null: starts a story)
    assigned_at         timestamptz not null,
    method_version      varchar not null
);

insert into core.article_stories
select article_id, article_id, null, null, first_seen_at, 'backfill'
from core.articles;
