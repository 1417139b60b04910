-- The validation rules of the latest run that checked anything, failed ones first: the offline view of data
-- quality (great-expectations' Data Docs take their styles from the internet).
with

latest as (
    select run_id from quality.validation_runs order by checked_at desc, run_id desc limit 1
),

final as (
    select
        v.suite,
        v.rule,
        v.success,
        v.element_count,
        v.unexpected_count,
        v.checked_at
    from quality.validation_runs as v
    inner join latest using (run_id)
)

select * from final order by success, suite, rule
