#!/bin/bash
# Kills the server in the middle of a large feed job, as a machine would die (kill -9 of the JVM and of its
# embedded PostgreSQL), starts it again, and checks what issue 4 asks: the acknowledged job ends with every
# accepted row stored once (a large job is one transaction and starts again from its first row, ADR 0018);
# the same file sent again adds nothing. Also reports what the crash left in the database directory: the
# partial segment's files, which the embedded database removes at its next start (CrashLeftovers), so none.
#
#   src/loadtest/sh/kill-mid-ingest.sh [rows, default 1000000] [rows read before the kill, default a third]
#
# Needs target/warp.jar (./mvnw -DskipTests package) and curl; about two minutes for a million rows.
set -euo pipefail
cd "$(dirname "$0")/../../.."
rows=${1:-1000000}
killAt=${2:-$((rows / 3))}
work=$(mktemp -d /tmp/warp-kill-XXXXXX)
chmod 755 "$work"   # so that src/loadtest/sh/kept-pg.sh can open it afterwards as the postgres user
token=warp_killtest_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=18093
api="http://localhost:$port/api/v1"
file=$work/2024-01-05-scan_rdp-killtest.csv
[ -f target/warp.jar ] || { echo "target/warp.jar is missing: ./mvnw -DskipTests package" >&2; exit 2; }

./mvnw -q -B -o -Ploadtest -DskipTests test-compile exec:exec -Dloadtest.main=lat.warp.bench.ShadowserverFileGenerator \
    -Dloadtest.args="scan_rdp $rows $file 42"

start() {
    # The stale-after of 5 s lets the restarted worker take the dead one's job at once (3 minutes by default).
    WARP_DATA_DIR=$work/data "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -Dwarp.bootstrap.api-token="$token" -Dwarp.events.stale-after=5s \
        -Dwarp.events.index-delay=24h -jar target/warp.jar --server.port=$port >"$work/server-$1.log" 2>&1 &
    echo $! >"$work/pid"
    until curl -sf "http://localhost:$port/actuator/health" >/dev/null; do sleep 1; done
}
job() { curl -sf -H "Authorization: Bearer $token" "$api/feeds/jobs/$1"; }
field() { sed -E "s/.*\"$1\":(\"?)([^,\"}]*).*/\2/"; }
wait_end() {
    while true; do
        state=$(job "$1" | field state)
        [ "$state" = SUCCEEDED ] || [ "$state" = FAILED ] && break
        sleep 1
    done
}
psql_() { psql -h localhost -p "$(cat "$work/data/postgres/postmaster.pid" 2>/dev/null | sed -n 4p)" -U postgres -X -q -At -d warp -c "$1"; }

start first
id=$(curl -sf -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary @"$file" \
    "$api/feeds/uploads?format=shadowserver&name=$(basename "$file")" | field jobId)
echo "acknowledged job $id ($(stat -c %s "$file") bytes)"
while [ "$(job "$id" | field rows)" -lt "$killAt" ]; do sleep 0.2; done
echo "at $(job "$id" | field rows) rows read: kill -9 of the JVM and of PostgreSQL"
pgpid=$(sed -n 1p "$work/data/postgres/postmaster.pid")
# PostgreSQL's processes first, all at once, so that the job's backend cannot roll back (as when the machine
# dies); then the JVM. Killing only the JVM would let the backend abort the transaction cleanly.
kill -STOP "$pgpid"
pkill -9 -P "$pgpid" || true
kill -9 "$pgpid" "$(cat "$work/pid")"
sleep 1
du -sm "$work/data/postgres/base" | awk '{print "database directory after the crash: " $1 " MB"}'

t0=$(date +%s.%N)
start second
wait_end "$id"
echo "after the restart the job ended in $(echo "$(date +%s.%N) - $t0" | bc) s (server start included): $(job "$id")"
stored=$(psql_ "select count(*) from events where job_id = '$id'")
distinct=$(psql_ "select count(distinct (day, dedup_key)) from events where job_id = '$id'")
accepted=$(job "$id" | field accepted)
echo "accepted $accepted, stored $stored, distinct keys $distinct"
[ "$(job "$id" | field state)" = SUCCEEDED ] && [ "$stored" = "$accepted" ] && [ "$distinct" = "$stored" ] \
    || { echo "FAILED: the job lost or doubled rows" >&2; exit 1; }

again=$(curl -sf -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary @"$file" \
    "$api/feeds/uploads?format=shadowserver&name=$(basename "$file")" | field jobId)
wait_end "$again"
echo "the same file again: $(job "$again")"
[ "$(job "$again" | field accepted)" = 0 ] || { echo "FAILED: sending the file again added rows" >&2; exit 1; }
echo "events stored in all: $(psql_ "select count(*) from events")"
# A relation created by a transaction that never ended is not removed by PostgreSQL's crash recovery.
du -sm "$work/data/postgres/base" | awk '{print "database directory at the end: " $1 " MB"}'
psql_ "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) from pg_class c where c.relkind in ('r','t','i','m')" \
    | awk '{print "relations the catalogue knows: " $0}'
# Files of the database's directory that no relation owns: what the crash left, removed by the restart.
psql_ "select count(*) || ' files no relation owns, ' || pg_size_pretty(coalesce(sum((pg_stat_file('base/' || d.oid
        || '/' || f)).size), 0)) from pg_database d, pg_ls_dir('base/' || d.oid) f where d.datname = current_database()
        and f ~ '^[0-9]+(\.[0-9]+)?\$' and split_part(f, '.', 1)::oid not in (select pg_relation_filenode(c.oid)
        from pg_class c where pg_relation_filenode(c.oid) is not null)"
kill "$(cat "$work/pid")"
wait "$(cat "$work/pid")" 2>/dev/null || true
echo "OK ($work kept for inspection)"
