-- Which reference data the core.dim_* tables were last refreshed from (a digest of the seed tables and of
-- the migrations applied). A load whose seeds and schema have not changed leaves the dimensions as they are
-- instead of deleting and inserting their few thousand rows again (18-19 ms and that much write-ahead log in
-- every run, most runs of a scheduled pipeline).

create table ops.seed_state (
    digest        varchar not null,
    refreshed_at  timestamptz not null
);
