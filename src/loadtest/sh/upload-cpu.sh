#!/bin/bash
# What storing an upload costs the server: the JVM's CPU (user + system, from /proc) over each of three
# uploads of a generated Shadowserver file with curl to `java -jar target/warp.jar`, measured from the
# request to the 202 (the file received, written and forced); each job is left to end before the next
# upload. Then the same bytes written and read back by dd through the page cache and with O_DIRECT, for
# comparison (docs/benchmarks.md, "What is left").
#
#   src/loadtest/sh/upload-cpu.sh [rows, default 1000000]
#
# Needs target/warp.jar (./mvnw -DskipTests package) and curl.
set -euo pipefail
cd "$(dirname "$0")/../../.."
rows=${1:-1000000}
work=$(mktemp -d /tmp/warp-upload-XXXXXX)
token=warp_uploadcpu_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=18094
api="http://localhost:$port/api/v1"
file=$work/2024-01-05-scan_rdp-upload.csv
[ -f target/warp.jar ] || { echo "target/warp.jar is missing: ./mvnw -DskipTests package" >&2; exit 2; }
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT

./mvnw -q -B -o -Ploadtest -DskipTests test-compile exec:exec -Dloadtest.main=lat.warp.bench.ShadowserverFileGenerator \
    -Dloadtest.args="scan_rdp $rows $file 42"

WARP_DATA_DIR=$work/data "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -XX:+UseParallelGC \
    -Dwarp.bootstrap.api-token="$token" -Dwarp.events.index-delay=24h -jar target/warp.jar --server.port=$port \
    >"$work/server.log" 2>&1 &
pid=$!
echo $pid >"$work/pid"
until curl -sf "http://localhost:$port/actuator/health" >/dev/null; do sleep 1; done
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }   # clock ticks, user + system
ticks=$(getconf CLK_TCK)
for i in 1 2 3; do
    c0=$(cpu); t0=$(date +%s.%N)
    id=$(curl -sf -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary @"$file" \
        "$api/feeds/uploads?format=shadowserver&name=upload-$i.csv" | sed -E 's/.*"jobId":"([^"]*)".*/\1/')
    t1=$(date +%s.%N); c1=$(cpu)
    echo "upload $i ($(stat -c %s "$file") bytes): $(echo "$t1 - $t0" | bc) s to the 202, server CPU $(echo "scale=2; ($c1 - $c0) / $ticks" | bc) s"
    until curl -sf -H "Authorization: Bearer $token" "$api/feeds/jobs/$id" | grep -qE '"state":"(SUCCEEDED|FAILED)"'; do
        sleep 1
    done
done

mb=$(( $(stat -c %s "$file") >> 20 ))
for mode in "conv=fdatasync" "oflag=direct"; do
    /usr/bin/time -f "dd write $mode: %e s, %S s system" dd if=/dev/zero of="$work/dd" bs=1M count=$mb $mode status=none
    if [ "$mode" = "oflag=direct" ]; then
        /usr/bin/time -f "dd read iflag=direct: %e s, %S s system" \
            dd if="$work/dd" of=/dev/null bs=1M iflag=direct status=none
        # The same file, not in the page cache (written past it), read through it.
        /usr/bin/time -f "dd read through the page cache, not cached: %e s, %S s system" \
            dd if="$work/dd" of=/dev/null bs=1M status=none
    fi
    rm -f "$work/dd"
done
