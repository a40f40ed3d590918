-- ADR 0017. Each day of events is itself partitioned, by segment: segment 0 holds the rows written row by row
-- (indexes maintained as they come), and a large feed job loads each day it meets into a segment of its own
-- with no index, built once when the job ends. So the indexes move from the parent to each leaf, where
-- EventPartitions makes them (LEAF_INDEXES); an event stays identified by (day, dedup_key), made unique by one
-- feed job writing at a time (FeedWorker's ingest lock) and its keys held in memory, and in segment 0 also by
-- its primary key.
alter table events add column segment integer not null default 0;

-- Which segments a job opened, so that a resumed job goes on writing them, and whether their indexes are built.
create table event_segments (
    day     date    not null,
    segment integer not null,
    job_id  uuid    not null,
    indexed boolean not null default false,
    primary key (day, segment)
);
create index event_segments_job on event_segments (job_id);
create sequence event_segments_seq;

-- Every day partition becomes segment 0 of a new partitioned day table of the same name. Detached first, so that
-- its indexes stay (as its own) when the parent's are dropped; re-attaching validates the rows (one read of each).
do $$
declare
    p record;
    day date;
begin
    create temporary table v3_7_days (relname text, bound text) on commit drop;
    insert into v3_7_days
        select c.relname, pg_get_expr(c.relpartbound, c.oid)
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'events'::regclass;
    for p in select * from v3_7_days loop
        execute format('alter table events detach partition %I', p.relname);
    end loop;
    alter table events drop constraint if exists events_pkey;
    drop index if exists events_holder_time;
    drop index if exists events_threats_time;
    for p in select * from v3_7_days loop
        if p.relname !~ '^events_[0-9]{8}$' then
            -- A partition someone attached by hand keeps its place and bound.
            execute format('alter table events attach partition %I %s', p.relname, p.bound);
            continue;
        end if;
        day := to_date(substr(p.relname, 8), 'YYYYMMDD');
        execute format('alter table %I rename to %I', p.relname, p.relname || '_0');
        execute format('alter index if exists %I rename to %I', p.relname || '_time', p.relname || '_0_time');
        execute format('alter index if exists %I rename to %I', p.relname || '_source_ip', p.relname || '_0_source_ip');
        execute format('create table %I partition of events for values from (%L) to (%L) partition by list (segment)',
                       p.relname, day, day + 1);
        execute format('alter table %I attach partition %I for values in (0)', p.relname, p.relname || '_0');
    end loop;
end
$$;
