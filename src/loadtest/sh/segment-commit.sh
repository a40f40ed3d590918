#!/usr/bin/env bash
# PostgreSQL alone: a large job's end as one transaction does it (ADR 0017, 0018, 0021, 0022), timed in psql on
# the data of a kept load run. The largest segment's rows go into a new table with a segment's CHECKs, the key
# and holder indexes are built, the table is attached to its day, and the transaction commits; then it is all
# dropped again. Once for each backend_flush_after (0, 2MB) and maintenance_work_mem (64MB, 256MB), with
# wal_level = minimal (no WAL for the new table) and fsync as FSYNC says (on by default, as the embedded database
# runs since ADR 0022). Prints the time of each index build and of the commit (docs/benchmarks.md).
#
#   ./mvnw -q -B -Ploadtest -DskipTests test-compile exec:exec \
#     -Dloadtest.args="--rows=1000000 --total=1000000 --checkpoints= --queries=5 --warmup=2 --keep"
#   [FSYNC=off] src/loadtest/sh/segment-commit.sh /tmp/warp-loadtest-NNNN [day, default 20240105]
set -euo pipefail
day=${2:-20240105}
PG_OPTS="-c wal_level=minimal -c max_wal_senders=0 -c fsync=${FSYNC:-on} ${PG_OPTS:-}"
. "$(dirname "$0")/kept-pg.sh"
seg=$($psql -Atc "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                  where i.inhparent = 'events_$day'::regclass order by pg_relation_size(c.oid) desc limit 1")
cols=$($psql -Atc "select string_agg(attname, ', ' order by attnum) from pg_attribute
                   where attrelid = '$seg'::regclass and attnum > 0 and not attisdropped and attname <> 'segment'")
threats=$($psql -Atc "select pg_get_expr(i.indpred, i.indrelid) from pg_index i
                      where i.indexrelid::regclass::text like 'events\_%\_threats' limit 1")
echo "fsync ${FSYNC:-on}; segment $seg: $($psql -Atc "select count(*) || ' rows, ' || pg_size_pretty(pg_relation_size('$seg')) from $seg")"
x=events_${day}_77777
for mwm in 64MB 256MB; do
    for flush in 0 2MB; do
        $psql -c "drop table if exists $x" >/dev/null 2>&1
        times=$($psql 2>&1 <<SQL | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -3 | tr '\n' ' '
begin;
set local backend_flush_after = '$flush';
set local maintenance_work_mem = '$mwm';
create table $x (like $seg including defaults, constraint ${x}_bound check (day = '$day' and segment = 77777),
    constraint ${x}_no_threats check (not $threats));
alter table $x alter column segment set default 77777;
insert into $x ($cols) select $cols from $seg;
\timing on
create unique index ${x}_key on $x (day, dedup_key);
create index ${x}_holder on $x (holder_id, time_source desc, id desc);
\timing off
alter table events_$day attach partition $x for values in (77777);
\timing on
commit;
SQL
)
        set -- $times
        printf 'maintenance_work_mem %-6s backend_flush_after %-4s  key %6.0f ms  holder %6.0f ms  commit %5.0f ms\n' \
            "$mwm" "$flush" "$1" "$2" "$3"
        $psql -c "alter table events_$day detach partition $x" -c "drop table $x" >/dev/null
    done
done
