#!/usr/bin/env bash
# PostgreSQL alone: the rows of one ingested day loaded again, server-side and in binary, into copies of the
# events table with different indexes, each timed (docs/benchmarks.md, "Results with ADR 0015").
#
#   ./mvnw -q -B -Ploadtest -DskipTests test-compile exec:exec \
#     -Dloadtest.args="--rows=1000000 --total=1000000 --checkpoints= --queries=5 --warmup=2 --keep"
#   src/loadtest/sh/copy-variants.sh /tmp/warp-loadtest-NNNN      # the data directory the run printed
#
# Starts the embedded PostgreSQL binaries on that data directory (as the postgres user when run as root),
# writes the day's rows to a file, and prints, per variant, the COPY's time (one backend: its CPU time).
set -euo pipefail
dir=${1:?the data directory of a load run kept with --keep}
day=${2:-20240105}
bin=$(dirname "$(ls -d /tmp/embedded-pg/PG-*/bin/postgres | head -1)")
port=55432
run() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
rm -f "$dir/postgres/postmaster.pid" "$dir/postgres/epg-lock"
[ "$(id -u)" = 0 ] && chown -R postgres "$dir/postgres" && chmod 755 "$dir"
run "$bin/pg_ctl" -D "$dir/postgres" -o "-p $port -F -c max_wal_size=4GB -c wal_init_zero=off ${PG_OPTS:-}" -l "$dir/postgres/copy-variants.log" -w start >/dev/null
trap 'run "$bin/pg_ctl" -D "$dir/postgres" -m fast stop >/dev/null' EXIT
psql="psql -h localhost -p $port -U postgres -X -q -d warp"
file="$dir/postgres/events-$day.bin"
cols=$($psql -Atc "select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
                   where table_name = 'events' and column_name <> 'id'")
# The file's order (line), and that order with each run of 10,000 sorted by holder as the ingest sends it.
$psql -c "copy (select $cols from events_$day order by line) to '$file' (format binary)"
$psql -c "copy (select $cols from (select *, (row_number() over (order by line) - 1) / 10000 as b from events_$day) x
          order by b, holder_id, line) to '$file.by-holder' (format binary)"
base="create table exp (like events including defaults) partition by range (day);
      create table exp_p partition of exp for values from ('${day:0:4}-${day:4:2}-${day:6:2}') to ('${day:0:4}-${day:4:2}-${day:6:2}'::date + 1);"
pkey="alter table exp add primary key (day, dedup_key);"
holder="create index on exp (holder_id, time_source desc, id desc);"
threats="create index on exp (time_source desc, id desc) where tlp in ('CLEAR', 'GREEN') and classification_taxonomy
         in ('abusive-content', 'fraud', 'information-gathering', 'intrusion-attempts', 'malicious-code');"
variant() {
    local name=$1 ddl=$2 input=$3
    $psql -c "drop table if exists exp cascade" -c "$ddl" -c "checkpoint"
    local t0 t1
    t0=$(date +%s.%N)
    $psql -c "copy exp ($cols) from '$input' (format binary)"
    t1=$(date +%s.%N)
    printf '%-40s %6.1f s\n' "$name" "$(echo "$t1 - $t0" | bc)"
}
variant "no index" "$base" "$file"
variant "primary key (day, dedup_key) only" "$base $pkey" "$file"
variant "holder index only" "$base $holder" "$file"
variant "all three, file order" "$base $pkey $holder $threats" "$file"
variant "all three, holder order per 10,000" "$base $pkey $holder $threats" "$file.by-holder"
# ADR 0016 side by side with the layout before it (a bytea key, the primary key (day, id) and a unique index
# on (day, dedup_key)); the same file, as binary COPY writes a uuid and a 16-byte bytea alike; alternated, PAIRS times (2).
before="alter table exp alter column dedup_key type bytea using null; alter table exp add primary key (day, id);
        create unique index on exp (day, dedup_key);"
for i in $(seq 1 "${PAIRS:-2}"); do
    variant "ADR 0015 layout, holder order" "$base $before $holder $threats" "$file.by-holder"
    variant "ADR 0016 layout, holder order" "$base $pkey $holder $threats" "$file.by-holder"
done
$psql -c "drop table if exists exp cascade"
rm -f "$file" "$file.by-holder"
