-- ADR 0015. extra is written by WARP itself (ExtraFields, EventRows.extraJson) and read back whole: as text,
-- PostgreSQL no longer parses every row's JSON on COPY, which was an eighth of its time in a 1 M-row ingest.
alter table events alter column extra type text using extra::text;

-- The rollups of a feed job's batches, appended by each batch in the batch's own transaction (so a resumed job
-- counts nothing twice) and folded into event_rollups in one statement when the job ends (EventStore.mergeRollups).
-- Upserting event_rollups batch by batch rewrote the same rows a hundred times per file. No foreign key to
-- feed_jobs: its check per row cost more than the rows (a job's deltas live only until the job ends).
create table event_rollup_deltas (
    job_id    uuid   not null,
    day       date   not null,
    holder_id uuid,
    country   text,
    asn       bigint,
    taxonomy  text   not null,
    type      text   not null,
    feed_name text,
    count     bigint not null
);
-- No index either: the table holds the deltas of running jobs only, and a job's are read once, at its end.
