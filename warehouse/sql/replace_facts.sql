-- Facts of new and changed articles replace what was extracted from their earlier revision.
delete from core.entity_mentions
where article_id in (select article_id from batch_statuses where status <> 'same');

insert into core.entity_mentions by name
select *
from batch_mentions
where article_id in (select article_id from batch_statuses where status <> 'same');

delete from core.money_amounts
where article_id in (select article_id from batch_statuses where status <> 'same');

insert into core.money_amounts by name
select *
from batch_money
where article_id in (select article_id from batch_statuses where status <> 'same');

delete from core.deals
where article_id in (select article_id from batch_statuses where status <> 'same');

insert into core.deals by name
select *
from batch_deals
where article_id in (select article_id from batch_statuses where status <> 'same');
