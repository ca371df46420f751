#!/usr/bin/env bash
# Stored deliveries/s with one and with two Plugboard nodes on one PostgreSQL database, in one run, side by side.
# A private PostgreSQL server (itests/postgres.sh: port 15532, installed with apt-get when missing and root), two fresh
# unpacks of the built distribution (HTTP 18881 and 18882) sharing the database, the admin token and the master key;
# one GitHub integration and an event source without a forward (a delivery is done as soon as it is dispatched).
#   1. node A alone: perf/WebhookLoad.java, CONCURRENCY connections to A, RUN seconds: acknowledged (durably stored)
#      deliveries/s, and how long the dispatchers then take to work off what is still pending
#   2. nodes A and B: two WebhookLoad clients at once, CONCURRENCY/2 connections each, one per node: the sum
# Each load runs after a warm-up of its own. Loopback only; every phase is bounded in time.
#   perf/cluster.sh          environment: SECONDS_PER_RUN (15), CONCURRENCY (32), WARMUP (20), ONE_NODE_ONLY (unset),
#                            TARBALL (another build's distribution, e.g. an older commit's, for a comparison)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${SECONDS_PER_RUN:-15}
CONCURRENCY=${CONCURRENCY:-32}
WARMUP=${WARMUP:-20}
TARBALL=${TARBALL:-$(ls "$ROOT"/karaf-distribution/target/karaf-distribution-*.tar.gz 2>/dev/null | head -1)}
[ -n "$TARBALL" ] || { echo "no distribution: build the distribution first (the README's first command)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/plugboard-cluster-perf.XXXXXX)
PG_PORT=15532
DB=plugboard_perf
TOKEN="cluster-perf-token-0123456789abcdefghijklmnopqrstuvwxyz"
MASTER=$(head -c 32 /dev/urandom | base64)
SECRET="cluster-secret"
NODES=""

cleanup() {
    for home in $NODES; do
        "$home/bin/stop" >/dev/null 2>&1 || true
    done
    for home in $NODES; do
        local pid; pid=$(cat "$home/karaf.pid" 2>/dev/null || true)
        for _ in $(seq 1 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
        cp "$home/data/log/karaf.log" "/tmp/plugboard-last-cluster-perf-$(basename "$(dirname "$home")").log" 2>/dev/null || true
    done
    "$ROOT/itests/postgres.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_until() { local deadline=$(( $(date +%s) + $1 )); shift; until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.1; done; }
healthy() { curl -s --max-time 2 "http://127.0.0.1:$1/api/v1/health" | grep -q '"status" *: *"UP"'; }
api() { curl -s -H "Authorization: Bearer $TOKEN" "$@"; }

node() {   # NAME HTTP_PORT SSH_PORT RMI_REGISTRY RMI_SERVER → unpacks, configures, starts; prints nothing
    local dir="$WORK/$1" home
    mkdir -p "$dir"
    tar -xzf "$TARBALL" -C "$dir"
    home=$(ls -d "$dir"/karaf-distribution*/ | head -1); home=${home%/}
    sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $2/" "$home/etc/org.ops4j.pax.web.cfg"
    sed -i "s/^sshPort *=.*/sshPort = $3/" "$home/etc/org.apache.karaf.shell.cfg"
    sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $4/; s/^rmiServerPort *=.*/rmiServerPort = $5/" \
        "$home/etc/org.apache.karaf.management.cfg"
    sed -i "s/^nodeId=.*/nodeId=$1/; s/^adminToken=.*/adminToken=$TOKEN/" "$home/etc/io.plugboard.core.cfg"
    echo "masterKey=$MASTER" >> "$home/etc/io.plugboard.core.cfg"
    sed -i '/^\(osgi.jdbc.driver.class\|url\|user\|password\)=/d' "$home/etc/org.ops4j.datasource-plugboard.cfg"
    printf 'osgi.jdbc.driver.class=org.postgresql.Driver\nurl=jdbc:postgresql://127.0.0.1:%s/%s\nuser=plugboard\npassword=plugboard\n' \
        "$PG_PORT" "$DB" >> "$home/etc/org.ops4j.datasource-plugboard.cfg"
    "$home/bin/start" >/dev/null 2>&1
    NODES="$NODES $home"
    wait_until 180 healthy "$2" || { echo "node $1 not healthy within 180 s" >&2; exit 1; }
}

pending() { api "http://127.0.0.1:18881/api/v1/events?status=pending&limit=1000" | grep -c '"deliveryId"' || true; }
drain_time() {   # seconds until nothing is pending (bounded)
    local start; start=$(date +%s.%N)
    wait_until 120 sh -c "[ \"\$(curl -s -H 'Authorization: Bearer $TOKEN' 'http://127.0.0.1:18881/api/v1/events?status=pending&limit=1' | grep -c deliveryId)\" = 0 ]" \
        || echo "(still pending after 120 s)" >&2
    echo "$(date +%s.%N) - $start" | bc
}
cpu_seconds() {   # PATTERN → CPU seconds (user + system) used so far by the processes whose command line matches
    local total=0 pid ticks
    for pid in $(pgrep -f "$1" || true); do
        ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
        total=$((total + ticks))
    done
    echo "scale=1; $total / $(getconf CLK_TCK)" | bc
}
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
cpu_mark() { CPU_ALL=$(machine_busy); CPU_NODES=$(cpu_seconds org.apache.karaf.main.Main); CPU_PG=$(cpu_seconds "postgres"); CPU_LOAD=$(cpu_seconds WebhookLoad); }
cpu_report() {   # CPU seconds per second of the load since cpu_mark, by who used them
    echo "           CPU (cores) over the run: nodes $(echo "scale=2; ($(cpu_seconds org.apache.karaf.main.Main) - $CPU_NODES) / $RUN" | bc), PostgreSQL $(echo "scale=2; ($(cpu_seconds postgres) - $CPU_PG) / $RUN" | bc), the whole machine $(echo "scale=2; ($(machine_busy) - $CPU_ALL) / $(getconf CLK_TCK) / $RUN" | bc) of $(nproc)"
}
rate() { sed -n 's/^requests\/s \([0-9.]*\).*/\1/p' <<< "$1"; }

"$ROOT/itests/postgres.sh" start "$WORK/pg" "$PG_PORT" plugboard plugboard "$DB"
node node-a 18881 18801 11499 44467
api -o /dev/null -H 'Content-Type: application/yaml' --data-binary @- "http://127.0.0.1:18881/api/v1/apply" <<YAML
kind: Secret
metadata: {name: bench}
spec: {data: {webhook: $SECRET}}
---
kind: Integration
metadata: {name: bench}
spec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: {secret: {name: bench, key: webhook}}}}}
---
kind: EventSource
metadata: {name: bench}
spec: {integration: {domain: ORGANIZATION, name: bench}, github: {repository: octo/bench}}
YAML
UID_=$(api "http://127.0.0.1:18881/api/v1/integrations/bench" | sed -n 's/.*"uid" : "\(.*\)".*/\1/p')
LOAD="java $ROOT/perf/WebhookLoad.java"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; PostgreSQL $(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1) (fsync=off, private); $RUN s per run, $CONCURRENCY connections in all"

$LOAD max "http://127.0.0.1:18881/webhooks/github/$UID_" "$SECRET" "$CONCURRENCY" "$WARMUP" >/dev/null
wait_until 120 sh -c "[ \"\$(curl -s -H 'Authorization: Bearer $TOKEN' 'http://127.0.0.1:18881/api/v1/events?status=pending&limit=1' | grep -c deliveryId)\" = 0 ]" || true
cpu_mark
ONE=$($LOAD max "http://127.0.0.1:18881/webhooks/github/$UID_" "$SECRET" "$CONCURRENCY" "$RUN")
echo "one node:  $ONE"
cpu_report
echo "           pending after the load: $(pending) (first page); worked off in $(drain_time) s"

if [ -n "${ONE_NODE_ONLY:-}" ]; then exit 0; fi
node node-b 18882 18802 11498 44468
HALF=$((CONCURRENCY / 2))
( $LOAD max "http://127.0.0.1:18881/webhooks/github/$UID_" "$SECRET" "$HALF" "$WARMUP" >/dev/null ) &
( $LOAD max "http://127.0.0.1:18882/webhooks/github/$UID_" "$SECRET" "$HALF" "$WARMUP" >/dev/null ) &
wait
wait_until 120 sh -c "[ \"\$(curl -s -H 'Authorization: Bearer $TOKEN' 'http://127.0.0.1:18881/api/v1/events?status=pending&limit=1' | grep -c deliveryId)\" = 0 ]" || true
cpu_mark
$LOAD max "http://127.0.0.1:18881/webhooks/github/$UID_" "$SECRET" "$HALF" "$RUN" > "$WORK/a.txt" &
$LOAD max "http://127.0.0.1:18882/webhooks/github/$UID_" "$SECRET" "$HALF" "$RUN" > "$WORK/b.txt" &
wait
A=$(cat "$WORK/a.txt"); B=$(cat "$WORK/b.txt")
echo "two nodes: A $A"
echo "           B $B"
cpu_report
echo "           sum $(echo "$(rate "$A") + $(rate "$B")" | bc) req/s; pending after the load: $(pending) (first page); worked off in $(drain_time) s"
echo "nodes: $(api http://127.0.0.1:18881/api/v1/cluster/nodes | grep -c '"alive" : true') alive"
