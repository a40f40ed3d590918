# Sourced by the scripts beside it: starts the embedded PostgreSQL binaries on the data directory of a load
# run kept with --keep (as the postgres user when run as root), stops it when the script exits, and sets
# $psql to a client of its warp database. Extra server settings: PG_OPTS="-c name=value ...".
dir=${1:?the data directory of a load run kept with --keep}
bin=$(dirname "$(ls -d /tmp/embedded-pg/PG-*/bin/postgres | head -1)")
port=55432
run() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
rm -f "$dir/postgres/postmaster.pid" "$dir/postgres/epg-lock"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir/postgres" && chmod 755 "$dir"; fi
run "$bin/pg_ctl" -D "$dir/postgres" -o "-p $port -F -c max_wal_size=4GB -c wal_init_zero=off ${PG_OPTS:-}" \
    -l "$dir/postgres/kept-pg.log" -w start >/dev/null
trap 'run "$bin/pg_ctl" -D "$dir/postgres" -m fast stop >/dev/null' EXIT
psql="psql -h localhost -p $port -U postgres -X -q -d warp"
# Seconds since $1 (date +%s.%N).
since() { echo "$(date +%s.%N) - $1" | bc; }
