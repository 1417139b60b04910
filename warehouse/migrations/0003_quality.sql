-- Data quality that explains itself: quarantine lifecycle, warning severity, run kinds, language reference.

-- open: waiting; released: loaded by `dnw quarantine retry` after a rule or reference-data fix
alter table quality.quarantine add column status varchar default 'open';
alter table quality.quarantine add column released_at timestamptz;
alter table quality.quarantine add column released_run_id varchar;

-- quarantine: failing rows were set aside; warning: reported only; error: the run was marked failed
alter table quality.validation_runs add column severity varchar default 'quarantine';

-- ingest: a scheduled or manual run; retry: `dnw quarantine retry`
alter table ops.pipeline_runs add column run_kind varchar default 'ingest';
alter table ops.pipeline_runs add column warnings varchar[];

create table core.dim_languages (
    code       varchar primary key,
    name       varchar not null,
    canonical  varchar not null
);
