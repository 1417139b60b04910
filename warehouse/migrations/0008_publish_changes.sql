-- Publishing proportional to the change (issue 16). Every load records, in its own transaction, which UTC
-- months of articles it may change for readers and whether it may change a deal; the next publish rewrites
-- only those months' Parquet files and consumes (deletes) the rows it published.

create sequence ops.publish_changes_seq start 1;

create table ops.publish_changes (
    change_id    bigint primary key default nextval('ops.publish_changes_seq'),
    kind         varchar not null,   -- month: the articles of `month` may change | deals: a deal may change
    month        varchar,            -- YYYY-MM of the articles' published_at in UTC (kind month)
    run_id       varchar,
    recorded_at  timestamptz not null
);

-- Which warehouse a published snapshot was written from: a rebuilt (replayed) or copied warehouse gets a
-- full publish, not one computed from another file's changes.
create table ops.warehouse_identity (
    warehouse_id  varchar not null,
    created_at    timestamptz not null
);

insert into ops.warehouse_identity values (cast(gen_random_uuid() as varchar), now());
