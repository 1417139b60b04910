-- The digest of the seeds the dimensions were last refreshed from (no row: never).
select digest from ops.seed_state
