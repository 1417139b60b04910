-- What this load's deals may change for readers, recorded for the next publish like record_changes (which
-- ran before the run's deals were handed to the load): whether a deal may change (the batch states deals, or
-- its articles had some; core.deals is not written yet), and the UTC months of articles with a deal that are
-- not batch articles (their dates are as stored; record_changes recorded the batch articles' months).
insert into ops.publish_changes (kind, month, run_id, recorded_at)
with

run as (
    select any_value(run_id) as run_id from batch_articles
),

months as (
    select distinct strftime(timezone('UTC', published_at), '%Y-%m') as month
    from core.articles
    where article_id in (select article_id from batch_deals)
      and article_id not in (select article_id from batch_articles)
)

select 'month', months.month, run.run_id, now() from months cross join run
union all
select 'deals', null, run.run_id, now()
from run
where exists (select 1 from batch_deals)
    or exists (select 1 from core.deals where article_id in (select article_id from batch_articles));
