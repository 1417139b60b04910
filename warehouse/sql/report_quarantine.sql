-- Entries and facts in quarantine by stage and reason (an entry with two reasons counts under both), the
-- reasons seen most recently first.
with

reasons as (
    select stage, unnest(reasons) as reason, last_seen_at, times_seen
    from quality.quarantine
),

final as (
    select
        stage,
        reason,
        count(*) as entries,
        max(last_seen_at) as last_seen_at
    from reasons
    group by stage, reason
)

select * from final order by last_seen_at desc, entries desc, stage, reason
