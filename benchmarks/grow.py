"""Pre-grow a warehouse to N articles directly in DuckDB, for the growth benchmark."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import connect

GROW_SQL = """
insert into core.articles
select
    'g' || lpad(cast(i as varchar), 31, '0') as article_id,
    'url' as id_source,
    'https://archive.example/' || i as canonical_url,
    'https://archive.example/' || i as url,
    null as guid,
    'Archived defence story number ' || i as title,
    'Archived summary about procurement and deployments, item ' || i as summary,
    null as summary_html,
    timestamptz '2021-01-01 00:00:00+00' + to_seconds(cast(i * 15 as bigint)) as published_at,
    null as published_raw,
    'published' as date_source,
    'en' as language,
    [] as authors,
    [] as tags,
    null as image_url,
    'Archive ' || (i % 500) as publisher,
    'archive-' || (i % 500) as first_feed,
    md5(cast(i as varchar)) as content_hash,
    1 as revision_count,
    timestamptz '2021-01-01 00:00:00+00' + to_seconds(cast(i * 15 as bigint)) as first_seen_at,
    timestamptz '2021-01-01 00:00:00+00' + to_seconds(cast(i * 15 as bigint)) as last_seen_at,
    timestamptz '2021-01-01 00:00:00+00' + to_seconds(cast(i * 15 as bigint)) as updated_at,
    'grow' as last_run_id,
    'feed' as language_source,
    null as feed_country
from range(?) as t(i);

insert into core.article_feeds
select article_id, first_feed, first_seen_at, last_seen_at, 1 from core.articles where last_run_id = 'grow';

insert into core.article_revisions
select article_id, content_hash, title, summary, first_seen_at, last_seen_at, 'grow'
from core.articles where last_run_id = 'grow';

insert into core.article_stories
select article_id, article_id, null, null, first_seen_at, 'grow' from core.articles where last_run_id = 'grow';

insert into core.entity_mentions
select article_id, 'country', 'USA', 'United States', 'U.S.', 'title', 0, 4, 'grow', 'alias'
from core.articles where last_run_id = 'grow';

checkpoint;
"""


def grow_warehouse(path: Path, articles: int) -> None:
    """Add ``articles`` synthetic old articles (with feeds, revisions, stories and one mention each)."""
    with connect(path) as con:
        for statement in [s.strip() for s in GROW_SQL.split(";") if s.strip()]:
            if "?" in statement:
                con.execute(statement, [articles])
            else:
                con.execute(statement)


if __name__ == "__main__":
    import sys

    grow_warehouse(Path(sys.argv[1]), int(sys.argv[2]))
