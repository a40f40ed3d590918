#!/usr/bin/env bash
# What a member's page costs while a large job's segment has no index yet (ADR 0017): on the data directory of
# a load run kept with --keep, the page of the holder with most events in the ingested day's segment (250
# events, two days, newest first; timed with psql, its start included) five times with the segment's indexes,
# then five times with none (dropped, as while its job loads it), then the indexes are made again.
#
#   src/loadtest/sh/page-while-loading.sh /tmp/warp-loadtest-NNNN
set -uo pipefail
. "$(dirname "$0")/kept-pg.sh"
leaf=$($psql -Atc "select c.relname from pg_partition_tree('events') t join pg_class c on c.oid = t.relid
                   where t.isleaf and c.relname like 'events\_20240105\_%' and c.relname <> 'events_20240105_0'")
[ -n "$leaf" ] || { echo "no segment of 2024-01-05 in this run"; exit 1; }
$psql -c "drop table if exists keep_defs" -c "create table keep_defs as select indexdef from pg_indexes where tablename = '$leaf'" >/dev/null
holder=$($psql -Atc "select holder_id from $leaf where holder_id is not null group by 1 order by count(*) desc limit 1")
page="select id from events where holder_id = '$holder' and day >= '2024-01-05' and day < '2024-01-07'
      order by time_source desc, id desc limit 250"
times() { for _ in 1 2 3 4 5; do s=$(date +%s.%N); $psql -c "$page" >/dev/null; printf '%.3f ' "$(since "$s")"; done; echo s; }
echo "$leaf, $($psql -Atc "select count(*) from $leaf") rows; the page with its indexes:"; times
for i in $($psql -Atc "select indexrelid::regclass from pg_index where indrelid = '$leaf'::regclass"); do
    $psql -c "drop index $i" 2>/dev/null || $psql -c "alter table $leaf drop constraint $i"
done
echo "with none, as while its job loads it:"; times
$psql -Atc "select indexdef from keep_defs" | while read -r d; do $psql -c "$d" >/dev/null; done
$psql -c "drop table keep_defs" >/dev/null
