#!/usr/bin/env bash
# Webhook ingestion benchmark. Starts a fresh unpack of the built distribution (HTTP 18581), creates a GitHub
# integration and an event source, then measures with perf/WebhookLoad.java (signed deliveries, unique delivery ids):
#   1. the bare ceiling: perf/BareHmacServer.java, a JDK HttpServer that only checks the HMAC in memory (port 18599)
#   2. Plugboard at full speed (closed loop, CONCURRENCY connections): verified, durably stored deliveries/s
#   3. Plugboard at a fixed RATE requests/s: p50/p99 acknowledgement latency
# and prints Plugboard's RSS afterwards. Loopback only; every phase is bounded in time.
#   perf/webhooks.sh          environment: SECONDS_PER_RUN (15), CONCURRENCY (32), RATE (500)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${SECONDS_PER_RUN:-15}
CONCURRENCY=${CONCURRENCY:-32}
RATE=${RATE:-500}
PORT=18581
SECRET="bench-secret"
TARBALL=$(ls "$ROOT"/karaf-distribution/target/karaf-distribution-*.tar.gz 2>/dev/null | head -1)
[ -n "$TARBALL" ] || { echo "no distribution: run 'mvn -q install -DskipTests' first" >&2; exit 1; }

WORK=$(mktemp -d /tmp/plugboard-webhooks-perf.XXXXXX)
HOME_DIR=""
BARE_PID=""
cleanup() {
    [ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null || true
    if [ -n "$HOME_DIR" ] && [ -f "$HOME_DIR/karaf.pid" ]; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
        pid=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)
        for _ in $(seq 1 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
wait_until() { local deadline=$(( $(date +%s) + $1 )); shift; until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.1; done; }
healthy() { curl -s --max-time 2 "http://127.0.0.1:$PORT/api/v1/health" | grep -q '"status" *: *"UP"'; }
bare_up() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:18599/"; }

tar -xzf "$TARBALL" -C "$WORK"
HOME_DIR=$(ls -d "$WORK"/*/ | head -1); HOME_DIR=${HOME_DIR%/}
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $PORT/" "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^sshPort *=.*/sshPort = 18501/" "$HOME_DIR/etc/org.apache.karaf.shell.cfg"
"$HOME_DIR/bin/start" >/dev/null 2>&1
wait_until 120 healthy || { echo "not healthy within 120 s" >&2; exit 1; }
TOKEN=$(cat "$HOME_DIR/data/plugboard/admin.token")
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/yaml' --data-binary @- \
    "http://127.0.0.1:$PORT/api/v1/apply" <<YAML
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
UID_=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/integrations/bench" | sed -n 's/.*"uid" : "\(.*\)".*/\1/p')
URL="http://127.0.0.1:$PORT/webhooks/github/$UID_"
LOAD="java $ROOT/perf/WebhookLoad.java"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $RUN s per run; body ~700 bytes; H2 (WRITE_DELAY=0)"
java "$ROOT/perf/BareHmacServer.java" 18599 "$SECRET" >/dev/null 2>&1 &
BARE_PID=$!
wait_until 30 bare_up || { echo "bare server did not start" >&2; exit 1; }
$LOAD max "http://127.0.0.1:18599/" "$SECRET" "$CONCURRENCY" 5 >/dev/null   # warm-up
BARE=$($LOAD max "http://127.0.0.1:18599/" "$SECRET" "$CONCURRENCY" "$RUN")
echo "bare HMAC handler, $CONCURRENCY connections: $BARE"
kill "$BARE_PID"; BARE_PID=""

$LOAD max "$URL" "$SECRET" "$CONCURRENCY" 5 >/dev/null   # warm-up (JIT, connections)
FULL=$($LOAD max "$URL" "$SECRET" "$CONCURRENCY" "$RUN")
echo "Plugboard, $CONCURRENCY connections:         $FULL"
FIXED=$($LOAD rate "$URL" "$SECRET" "$RATE" "$RUN")
echo "Plugboard at $RATE requests/s:           $FIXED"
pid=$(cat "$HOME_DIR/karaf.pid")
echo "Plugboard RSS after the runs: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status) MB"
b=$(echo "$BARE" | awk '{print $2}'); p=$(echo "$FULL" | awk '{print $2}')
echo "ratio Plugboard / bare: $(awk -v p="$p" -v b="$b" 'BEGIN {printf "%.2f", p / b}')  (targets: >= 1000 stored/s, p99 < 50 ms at 500/s, ratio >= 0.5)"
stored=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/events?limit=1" | grep -c '"id"' || true)
echo "events stored: yes ($stored shown of the newest page)"
