#!/usr/bin/env bash
# PostgreSQL alone: each index a large job's segment gets when the job ends (EventPartitions.LEAF_INDEXES),
# built on its own over a copy of the largest segment of a kept load run, twice, each timed (one backend and
# its parallel worker; docs/benchmarks.md, "What is left").
#
#   ./mvnw -q -B -Ploadtest -DskipTests test-compile exec:exec \
#     -Dloadtest.args="--rows=1000000 --total=1000000 --checkpoints= --queries=5 --warmup=2 --keep"
#   src/loadtest/sh/index-builds.sh /tmp/warp-loadtest-NNNN [day, default 20240105]
set -euo pipefail
day=${2:-20240105}
. "$(dirname "$0")/kept-pg.sh"
seg=$($psql -Atc "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                  where i.inhparent = 'events_$day'::regclass order by pg_relation_size(c.oid) desc limit 1")
echo "segment $seg: $($psql -Atc "select count(*) || ' rows, ' || pg_size_pretty(pg_relation_size('$seg')) from $seg")"
$psql -c "drop table if exists x" -c "create table x (like $seg)" -c "insert into x select * from $seg" -c "checkpoint" >/dev/null
threats=$($psql -Atc "select pg_get_expr(i.indpred, i.indrelid) from pg_index i
                      where i.indexrelid = '${seg}_threats'::regclass")
for round in 1 2; do
    for ix in "unique index xi on x (day, dedup_key)" "index xi on x (holder_id, time_source desc, id desc)" \
              "index xi on x (time_source desc, id desc) where $threats"; do
        $psql -c "drop index if exists xi" >/dev/null
        t0=$(date +%s.%N)
        $psql -c "create $ix" >/dev/null
        printf '%6.2f s  %s\n' "$(since "$t0")" "${ix:0:70}"
    done
done
$psql -c "drop table x" >/dev/null
