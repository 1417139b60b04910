-- What the loads recorded since the last publish (change_id above its watermark), for the next publish.
select change_id, kind, month
from ops.publish_changes
where change_id > ?
order by change_id
