#!/usr/bin/env bash
# PostgreSQL alone: what the WAL costs a COPY of one ingested day's rows (ADR 0017, options): the rows loaded
# into a table made before (WAL written) and into one made in the same transaction, which under
# wal_level = minimal writes no WAL. Run it twice on the data directory of a load run kept with --keep:
#
#   src/loadtest/sh/copy-without-wal.sh /tmp/warp-loadtest-NNNN
#   PG_OPTS="-c wal_level=minimal -c max_wal_senders=0" src/loadtest/sh/copy-without-wal.sh /tmp/warp-loadtest-NNNN
set -euo pipefail
. "$(dirname "$0")/kept-pg.sh"
day=20240105
file="$dir/postgres/events-$day.bin"
cols=$($psql -Atc "select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns where table_name = 'events' and column_name not in ('id', 'segment')")
[ -f "$file" ] || $psql -c "copy (select $cols from (select *, (row_number() over (order by line) - 1) / 10000 as b from events_$day) x order by b, holder_id, line) to '$file' (format binary)"
echo "wal_level: $($psql -Atc 'show wal_level')"
for i in 1 2; do
  $psql -c "drop table if exists t" -c "create table t (like events including defaults)" -c checkpoint
  l0=$($psql -Atc "select pg_current_wal_lsn()"); t0=$(date +%s.%N)
  $psql -c "copy t ($cols) from '$file' (format binary)"
  printf 'table made before, COPY: %.1f s, WAL %s\n' "$(since $t0)" "$($psql -Atc "select pg_size_pretty(pg_current_wal_lsn() - '$l0')")"
  $psql -c "drop table if exists t" -c checkpoint
  l0=$($psql -Atc "select pg_current_wal_lsn()"); t0=$(date +%s.%N)
  $psql -1 -c "create table t (like events including defaults)" -c "copy t ($cols) from '$file' (format binary)"
  printf 'table made in the same transaction, COPY: %.1f s, WAL %s\n' "$(since $t0)" "$($psql -Atc "select pg_size_pretty(pg_current_wal_lsn() - '$l0')")"
done
