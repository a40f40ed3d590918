-- Security events (IntelMQ fields as typed columns), the feed jobs that bring them in, the rows a job
-- refused, and the daily rollups the statistics read. See ADR 0009 for partitions and deduplication.

create sequence events_id_seq;

create table events (
    -- The UTC day of time.source: the partition key, and the window of deduplication.
    day                         date        not null,
    id                          bigint      not null default nextval('events_id_seq'),
    job_id                      uuid,
    -- SHA-256 of every field but raw and time.observation, first 16 bytes.
    dedup_key                   bytea       not null,
    -- The organisation holding source.ip, found once at ingest.
    holder_id                   uuid,
    time_source                 timestamptz not null,
    time_observation            timestamptz,
    classification_taxonomy     text        not null,
    classification_type         text        not null,
    classification_identifier   text,
    source_ip                   inet,
    source_port                 integer,
    source_asn                  bigint,
    source_as_name              text,
    source_network              cidr,
    source_fqdn                 text,
    source_reverse_dns          text,
    source_url                  text,
    source_account              text,
    source_geolocation_cc       text,
    source_geolocation_region   text,
    source_geolocation_city     text,
    destination_ip              inet,
    destination_port            integer,
    destination_asn             bigint,
    destination_fqdn            text,
    destination_reverse_dns     text,
    destination_url             text,
    destination_geolocation_cc  text,
    protocol_transport          text,
    protocol_application        text,
    malware_name                text,
    feed_name                   text,
    feed_provider               text,
    feed_accuracy               double precision,
    feed_code                   text,
    tlp                         text,
    extra                       jsonb,
    raw                         text,
    primary key (day, id)
) partition by range (day);

create unique index events_dedup on events (day, dedup_key);
-- A member's "inside" view: its own events, newest first.
create index events_holder_time on events (holder_id, time_source desc, id desc);
-- Analysts' search by address and by type; the threat view by time.
create index events_source_ip on events (source_ip);
create index events_type_time on events (classification_type, time_source desc);
create index events_time on events (time_source desc, id desc);

create table feed_jobs (
    id            uuid        primary key,
    state         text        not null check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    format        text        not null,
    report_type   text,
    source_name   text        not null,
    stored_path   text        not null,
    size_bytes    bigint      not null,
    rows_read     bigint      not null default 0,
    accepted      bigint      not null default 0,
    rejected      bigint      not null default 0,
    duplicates    bigint      not null default 0,
    -- Parser items (events and rejected rows, in file order) whose outcome is committed: a resumed job goes on after them.
    items_done    bigint      not null default 0,
    -- Bumped by every claim, so that a worker that lost its claim cannot write a batch any more.
    attempt       integer     not null default 0,
    error         text,
    created_by    text        not null,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    heartbeat     timestamptz
);
create index feed_jobs_claimable on feed_jobs (created_at) where state in ('QUEUED', 'RUNNING');

create table feed_rejects (
    job_id  uuid    not null references feed_jobs (id) on delete cascade,
    -- Its place among the parser's output (the resume order); line is where it was in the file, 0 if unknown.
    item    bigint  not null,
    line    bigint  not null,
    reason  text    not null,
    raw     text,
    primary key (job_id, item)
);

create table event_rollups (
    day       date   not null,
    holder_id uuid,
    country   text,
    asn       bigint,
    taxonomy  text   not null,
    type      text   not null,
    feed_name text,
    count     bigint not null,
    -- One row per combination, an unknown holder, country, AS or feed being one value of its own.
    constraint event_rollups_dimensions unique nulls not distinct (day, holder_id, country, asn, taxonomy, type, feed_name)
);
create index event_rollups_holder on event_rollups (holder_id, day);
