-- Deals of new and changed articles replace what was extracted from their earlier revision (as the mentions
-- in replace_facts); besides, an unchanged article whose deals an older extractor version found (or that was
-- loaded before deals were extracted) gets this run's deals, so that a replay backfills them.
delete from core.deals
where article_id in (select article_id from batch_statuses where status <> 'same');

delete from core.deals
where article_id in (select article_id from batch_statuses where status = 'same')
  and extractor_version not in (select extractor_version from batch_deals)
  and exists (select 1 from batch_deals);

insert into core.deals by name
select *
from batch_deals
where article_id in (select article_id from batch_statuses where status <> 'same')
   or article_id not in (
       select article_id from core.deals where article_id in (select article_id from batch_statuses)
   );
