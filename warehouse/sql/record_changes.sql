-- What this load may change for readers, recorded for the next publish (in the load's transaction, before
-- the merges): the UTC months of every article the batch touches, as stored before the load and as the
-- batch has it (a revised date moves an article from one month to another: both are rewritten). The deals may
-- come later: record_deal_changes records theirs.
insert into ops.publish_changes (kind, month, run_id, recorded_at)
with

touched as (
    select article_id from batch_articles
    union
    select article_id from batch_sightings
    union
    select article_id from batch_mentions
    union
    select article_id from batch_money
    union
    select article_id from batch_stories
),

dates as (
    select published_at from batch_articles
    union all
    select published_at from core.articles where article_id in (select article_id from touched)
),

months as (
    select distinct strftime(timezone('UTC', published_at), '%Y-%m') as month from dates
),

run as (
    select any_value(run_id) as run_id from batch_articles
)

select 'month', months.month, run.run_id, now() from months cross join run
