-- The changes a committed publish consumed (up to and including its watermark).
delete from ops.publish_changes where change_id <= ?
