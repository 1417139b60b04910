-- Whether a deal may change for readers, recorded for the next publish (in the load's transaction, before
-- its deals replace the stored ones): the batch states deals, or its articles had some. The months the
-- deals' articles are in were recorded with the articles (record_changes.sql): deals are of batch articles.
insert into ops.publish_changes (kind, month, run_id, recorded_at)
with

run as (
    select any_value(run_id) as run_id from batch_articles
)

select 'deals', null, run.run_id, now()
from run
where exists (select 1 from batch_deals)
    or exists (select 1 from core.deals where article_id in (select article_id from batch_articles))
