"""Pre-grow a warehouse to N articles directly in DuckDB, for the growth benchmark (8 mentions and one money
amount per article, as measured on real feeds; a story and a revision each)."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import connect

GROW_SQL = """
insert into core.articles by name
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

insert into core.article_revisions  -- the current revisions: their text is the article's
select article_id, content_hash, null, null, first_seen_at, last_seen_at, 'grow'
from core.articles where last_run_id = 'grow';

insert into core.article_stories
select article_id, article_id, null, null, first_seen_at, 'grow' from core.articles where last_run_id = 'grow';

insert into core.entity_mentions
select
    a.article_id, e.entity_type, e.entity_id, e.entity_name, e.entity_name,
    case when k < 2 then 'title' else 'summary' end, k * 12, k * 12 + 8, 'grow', 'alias'
from core.articles as a
cross join range(8) as r(k)
join (
    values
        (0, 'country', 'USA', 'United States'), (1, 'country', 'UKR', 'Ukraine'),
        (2, 'country', 'POL', 'Poland'), (3, 'country', 'DEU', 'Germany'),
        (4, 'weapon_system', 'f-35', 'F-35 Lightning II'), (5, 'weapon_system', 'patriot', 'Patriot'),
        (6, 'organization', 'lockheed-martin', 'Lockheed Martin'), (7, 'organization', 'us-army', 'U.S. Army'),
        (8, 'organization', 'rheinmetall', 'Rheinmetall'), (9, 'weapon_system', 'himars', 'HIMARS'),
        (10, 'country', 'FRA', 'France'), (11, 'organization', 'nato', 'NATO')
) as e(n, entity_type, entity_id, entity_name)
    on e.n = (hash(a.article_id) + k * 5) % 12
where a.last_run_id = 'grow';

insert into core.money_amounts
select article_id, 100000000.0 * (1 + hash(article_id) % 50), 'USD', 100000000.0 * (1 + hash(article_id) % 50),
       '$100 million', 'summary', 0, 12, 'grow'
from core.articles where last_run_id = 'grow';

checkpoint;
"""


def grow_warehouse(path: Path, articles: int) -> None:
    """Add ``articles`` synthetic old articles with the density of real ones: feeds, revisions, stories,
    8 entity mentions (countries, systems, organizations) and one money amount each."""
    with connect(path) as con:
        for statement in [s.strip() for s in GROW_SQL.split(";") if s.strip()]:
            if "?" in statement:
                con.execute(statement, [articles])
            else:
                con.execute(statement)


if __name__ == "__main__":
    import sys

    grow_warehouse(Path(sys.argv[1]), int(sys.argv[2]))
