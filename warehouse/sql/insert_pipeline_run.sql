-- Record the run and its reconciliation (replaces a row of the same run_id, e.g. a failure record).
insert or replace into ops.pipeline_runs by name
select * from batch_run
