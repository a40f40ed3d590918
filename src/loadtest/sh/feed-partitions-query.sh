#!/usr/bin/env bash
# What a member's page would cost if a day's events were split into partitions per feed (docs/benchmarks.md,
# "What is left": indexes built after the rows need a table per day and feed). On the data directory of a load
# run kept with --keep (see copy-variants.sh for the command):
#
#   src/loadtest/sh/feed-partitions-query.sh /tmp/warp-loadtest-NNNN [FEEDS=50]
#
# Copies the day's rows into a table partitioned by day and then by feed (FEEDS feeds, rows spread by key),
# with the same primary key and holder index, and times the member's page (the busiest holder of the day,
# three days, newest first) on both tables in a PL/pgSQL loop: 20 runs, then 100, pages of 251 and 1,001.
set -euo pipefail
feeds=${2:-50}
day=20240105
. "$(dirname "$0")/kept-pg.sh"
holder=$($psql -Atc "select holder_id from events_$day where holder_id is not null group by 1 order by count(*) desc limit 1")
cols=$($psql -Atc "select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
                   where table_name = 'events' and column_name <> 'feed_name'")
$psql <<SQL
drop table if exists by_feed cascade;
create table by_feed (like events including defaults) partition by range (day);
create table by_feed_d partition of by_feed for values from ('2024-01-05') to ('2024-01-06') partition by list (feed_name);
do \$\$ begin for i in 0..$feeds - 1 loop
    execute format('create table by_feed_d_%s partition of by_feed_d for values in (%L)', i, 'feed-' || i);
end loop; end \$\$;
insert into by_feed ($cols, feed_name) select $cols, 'feed-' || (abs(hashtext(dedup_key::text)) % $feeds) from events_$day;
alter table by_feed add primary key (day, feed_name, dedup_key);
create index on by_feed (holder_id, time_source desc, id desc);
analyze by_feed;
create or replace function bench_page_ms(tbl text, n int, lim int) returns text language plpgsql as \$f\$
declare t0 timestamptz; ms double precision[] := '{}'; r record; p50 numeric; p95 numeric;
begin
    for i in 1..n loop
        t0 := clock_timestamp();
        execute format('select count(*) from (select * from %s where day between ''2024-01-05'' and ''2024-01-07''
                        and holder_id = ''$holder'' order by time_source desc, id desc limit %s) x', tbl, lim) into r;
        ms := ms || extract(epoch from clock_timestamp() - t0) * 1000;
    end loop;
    select round(percentile_cont(0.5) within group (order by m)::numeric, 2),
           round(percentile_cont(0.95) within group (order by m)::numeric, 2) into p50, p95 from unnest(ms) m;
    return format('%-8s page of %s, %s runs: p50 %s ms, p95 %s ms', tbl, lim, n, p50, p95);
end \$f\$;
SQL
$psql -At -c "select bench_page_ms('events', 20, 251)" -c "select bench_page_ms('by_feed', 20, 251)" \
    -c "select bench_page_ms('events', 100, 251)" -c "select bench_page_ms('by_feed', 100, 251)" \
    -c "select bench_page_ms('events', 100, 1001)" -c "select bench_page_ms('by_feed', 100, 1001)"
$psql -c "drop table by_feed cascade" -c "drop function bench_page_ms"
