-- Context for entity extraction and its provenance (issue 15).

-- The publisher's country (ISO 3166-1 alpha-3) from the feeds file: settles bare service names ("the Navy").
alter table core.articles add column feed_country varchar;

-- Which rule produced a mention: alias | unit | service:adjacent_country | service:feed_country |
-- service:focus. Every mention stored before this column existed came from a gazetteer alias.
alter table core.entity_mentions add column rule varchar;
update core.entity_mentions set rule = 'alias';
