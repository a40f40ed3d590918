#!/usr/bin/env bash
# PostgreSQL alone: the rows of one ingested day loaded again, server-side and in binary, into copies of the
# events table with different indexes, each timed (docs/benchmarks.md, "Results with ADR 0015").
#
#   ./mvnw -q -B -Ploadtest -DskipTests test-compile exec:exec \
#     -Dloadtest.args="--rows=1000000 --total=1000000 --checkpoints= --queries=5 --warmup=2 --keep"
#   src/loadtest/sh/copy-variants.sh /tmp/warp-loadtest-NNNN      # the data directory the run printed
#
# Starts PostgreSQL on that data directory (kept-pg.sh; PG_OPTS="-c shared_buffers=2GB" to try a setting),
# writes the day's rows to a file, and prints, per variant, the COPY's time (one backend: its CPU time).
set -euo pipefail
day=${2:-20240105}
. "$(dirname "$0")/kept-pg.sh"
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
    local t0
    t0=$(date +%s.%N)
    $psql -c "copy exp ($cols) from '$input' (format binary)"
    printf '%-40s %6.1f s\n' "$name" "$(since "$t0")"
}
variant "no index" "$base" "$file"
variant "primary key (day, dedup_key) only" "$base $pkey" "$file"
variant "holder index only" "$base $holder" "$file"
variant "all three, file order" "$base $pkey $holder $threats" "$file"
variant "all three, holder order per 10,000" "$base $pkey $holder $threats" "$file.by-holder"
# The indexes built after the rows instead of row by row (docs/benchmarks.md, "What is left").
variant "no index, the three built after" "$base" "$file.by-holder"
t0=$(date +%s.%N)
$psql -c "set maintenance_work_mem = '256MB'" -c "$pkey" -c "$holder" -c "$threats"
printf '%-40s %6.1f s\n' "  building the three" "$(since "$t0")"
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
