-- Facts of new and changed articles replace what was extracted from their earlier revision. Mentions of an
-- unchanged article that an older extractor version found are replaced by this run's too (a grown gazetteer
-- reaches the articles that feeds still carry, and a replay or a re-fetch backfills them).
-- Two statements, not one with an OR: DuckDB evaluates an OR of subqueries over every stored row (0.4 s
-- per 16 million mentions), while each condition alone is a join with the batch's few articles.
delete from core.entity_mentions
where article_id in (select article_id from batch_statuses where status <> 'same');

delete from core.entity_mentions
where article_id in (select article_id from batch_statuses where status = 'same')
  and extractor_version not in (select extractor_version from batch_mentions)
  and exists (select 1 from batch_mentions);

insert into core.entity_mentions by name
select *
from batch_mentions
where article_id in (select article_id from batch_statuses where status <> 'same')
   or article_id not in (
       select article_id from core.entity_mentions where article_id in (select article_id from batch_statuses)
   );

delete from core.money_amounts
where article_id in (select article_id from batch_statuses where status <> 'same');

insert into core.money_amounts by name
select *
from batch_money
where article_id in (select article_id from batch_statuses where status <> 'same');
