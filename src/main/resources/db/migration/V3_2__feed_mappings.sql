-- Saved, named ways to read a generic CSV file (ColumnMapping as JSON), chosen by name at upload.
create table feed_mappings (
    name        text        primary key,
    definition  jsonb       not null,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

-- A csv job names its mapping; the worker reads it when the job runs.
alter table feed_jobs add column mapping_name text;
