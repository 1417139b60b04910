-- When the last run (of any kind) finished: the hourly publish skips if the exports are newer.
select max(finished_at) from ops.pipeline_runs
