#!/usr/bin/env bash
# How long migration V3_6 (ADR 0016) takes on a database with events, as the README states: on the data
# directory of a load run kept with --keep (see copy-variants.sh), the events table is put back to the layout
# before it (a bytea key, primary key (day, id), unique (day, dedup_key)), then the migration's file is run
# and timed, and the keys are checked to be the same.
#
#   src/loadtest/sh/upgrade-v3_6.sh /tmp/warp-loadtest-NNNN
set -euo pipefail
. "$(dirname "$0")/kept-pg.sh"
migration=$(dirname "$0")/../../main/resources/db/migration/V3_6__events_key_as_primary_key.sql
before=$($psql -Atc "select md5(string_agg(dedup_key::text, ',' order by day, dedup_key)) from events")
$psql -c "alter table events drop constraint events_pkey" \
      -c "alter table events alter column dedup_key type bytea using decode(replace(dedup_key::text, '-', ''), 'hex')" \
      -c "alter table events add primary key (day, id)" -c "create unique index events_dedup on events (day, dedup_key)" \
      -c "checkpoint"
t0=$(date +%s.%N)
$psql -f "$migration"
printf 'V3_6 on %s events: %.1f s\n' "$($psql -Atc "select count(*) from events")" "$(since "$t0")"
after=$($psql -Atc "select md5(string_agg(dedup_key::text, ',' order by day, dedup_key)) from events")
[ "$before" = "$after" ] && echo "keys unchanged" || { echo "keys changed"; exit 1; }
