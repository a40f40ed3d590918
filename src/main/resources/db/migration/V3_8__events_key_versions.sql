-- ADR 0019. The deduplication key changed (version 2: the fields in binary form without their names, the extra's
-- values as stored). A day keeps the version its events were stored with, so that a file sent again after the
-- upgrade is still recognised: every day stored before this migration is listed here as version 1; a day made
-- since is listed with the version it was made with (EventPartitions), and a day not listed has no event yet.
create table event_days (
    day         date     primary key,
    key_version smallint not null
);

insert into event_days (day, key_version)
select d::date, 1
from pg_inherits i
join pg_class c on c.oid = i.inhrelid
cross join lateral regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([0-9-]+)''\) TO \(''([0-9-]+)''\)') m
cross join lateral generate_series(m[1]::date, m[2]::date - 1, interval '1 day') d
where i.inhparent = 'events'::regclass
on conflict (day) do nothing;
