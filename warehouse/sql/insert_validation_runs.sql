-- Append one row per expectation checked in this run.
insert into quality.validation_runs by name
select
    run_id, suite, expectation, rule, column_name, severity, success, element_count, unexpected_count,
    observed_value, checked_at
from batch_validation
