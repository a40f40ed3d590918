#!/usr/bin/env bash
# How long migration V3_7 (ADR 0017) takes on a database with events, as the README states: on the data
# directory of a load run kept with --keep by a version before it (e.g. a worktree at the commit before ADR
# 0017: `git worktree add /tmp/before <commit>`, then the load run there with --keep), the migration's file is
# run and timed, and the events are checked to be the same and to lie in each day's segment 0.
#
#   src/loadtest/sh/upgrade-v3_7.sh /tmp/warp-loadtest-NNNN
set -euo pipefail
. "$(dirname "$0")/kept-pg.sh"
migration=$(dirname "$0")/../../main/resources/db/migration/V3_7__events_day_segments.sql
digest="select count(*) || ' ' || md5(string_agg(dedup_key::text, ',' order by day, dedup_key)) from events"
before=$($psql -Atc "$digest")
$psql -c "checkpoint"
t0=$(date +%s.%N)
$psql -v ON_ERROR_STOP=1 -1 -f "$migration"
printf 'V3_7 on %s events: %.1f s\n' "${before%% *}" "$(since "$t0")"
after=$($psql -Atc "$digest")
[ "$before" = "$after" ] && echo "events unchanged" || { echo "events changed"; exit 1; }
$psql -Atc "select 'leaves: ' || string_agg(tableoid::regclass::text || ' ' || n, ', ') from
            (select tableoid, count(*) n from events group by 1) x"
