#!/usr/bin/env bash
# Webhook ingestion benchmark. Starts a fresh unpack of the built distribution (HTTP 18581), creates a GitHub
# integration and an event source, then measures signed deliveries (unique delivery ids):
#   1. the bare ceiling: perf/BareHmacServer.java, a JDK HttpServer that only checks the HMAC in memory (port 18599);
#      with wrk also perf/BareJettyServer.java, the same check in a servlet on the distribution's own Jetty (no OSGi,
#      no Camel, no storage): the ratio to it is what Plugboard adds to the HTTP server it runs on
#   2. Plugboard at full speed (closed loop, CONCURRENCY connections): verified, durably stored deliveries/s
#   3. Plugboard at a fixed RATE requests/s (open loop, perf/OpenLoopLoad.java): p50/p99 acknowledgement latency,
#      after a warm-up at the same rate
# and prints Plugboard's RSS afterwards. Loopback only; every phase is bounded in time.
# Closed-loop load comes from perf/WebhookLoad.java (JDK HttpClient) and, when installed (Debian: apt-get install wrk),
# from wrk (perf/github-delivery.lua), a much lighter client: the two cores go to the server rather than to the load
# client, so the ratio is taken from the wrk runs when there are some. The fixed-rate client is one thread of
# non-blocking sockets that counts each request's latency from the moment it was due (no coordinated omission).
#   perf/webhooks.sh          environment: SECONDS_PER_RUN (15), CONCURRENCY (32), RATE (500), WARMUP (45 s)
set -euo pipefail

. "$(dirname "$0")/lib.sh"
RUN=${SECONDS_PER_RUN:-15}
CONCURRENCY=${CONCURRENCY:-32}
RATE=${RATE:-500}
WARMUP=${WARMUP:-45}
SECRET="bench-secret"
bare_up() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:18599/"; }

plugboard_unpack webhooks 18581 18501
plugboard_start
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
drained() { ! curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/events?status=pending&limit=1" | grep -q '"deliveryId"'; }
WRK=""

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $RUN s per run; body ~700 bytes; H2 (WRITE_DELAY=0)"
java "$ROOT/perf/BareHmacServer.java" 18599 "$SECRET" >/dev/null 2>&1 &
BARE_PID=$!; EXTRA_PIDS="$BARE_PID"
wait_until 30 bare_up || { echo "bare server did not start" >&2; exit 1; }
$LOAD max "http://127.0.0.1:18599/" "$SECRET" "$CONCURRENCY" 5 >/dev/null   # warm-up
BARE=$($LOAD max "http://127.0.0.1:18599/" "$SECRET" "$CONCURRENCY" "$RUN")
echo "bare HMAC handler, $CONCURRENCY connections: $BARE"
kill "$BARE_PID"; BARE_PID=""

wrk_run() {   # url → "requests/s N  p50 X  p99 Y  non-2xx Z"
    local out
    out=$(wrk -t2 -c"$CONCURRENCY" -d"${RUN}s" --latency -s "$ROOT/perf/github-delivery.lua" "$1" -- "$BODY_FILE" "$SIG")
    echo "$out" | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$4}
        END {printf "requests/s %.0f  p50 %s  p99 %s  non-2xx %d", rps, p50, p99, bad}'
}
BODY_FILE="$WORK/body.json"
printf '{"ref":"refs/heads/main","repository":{"full_name":"octo/bench","name":"bench"},"head_commit":{"message":"%s"}}' \
    "$(printf 'x%.0s' $(seq 1 600))" > "$BODY_FILE"
SIG=$(openssl dgst -sha256 -hmac "$SECRET" < "$BODY_FILE" | sed 's/.* //')
if command -v wrk >/dev/null; then
    java "$ROOT/perf/BareHmacServer.java" 18599 "$SECRET" >/dev/null 2>&1 &
    BARE_PID=$!; EXTRA_PIDS="$BARE_PID"
    wait_until 30 bare_up || { echo "bare server did not start" >&2; exit 1; }
    BARE_WRK=$(wrk_run "http://127.0.0.1:18599/")
    echo "bare HMAC handler, wrk, $CONCURRENCY connections: $BARE_WRK"
    kill "$BARE_PID"; BARE_PID=""
    # the HTTP server Plugboard runs on (the distribution's own Jetty jars), outside OSGi, with an HMAC-only servlet
    JETTY_CP=$(ls "$HOME_DIR"/system/org/eclipse/jetty/jetty-{server,http,io,util,servlet,security}/*/*.jar \
        "$HOME_DIR"/system/jakarta/servlet/jakarta.servlet-api/*/*.jar | tr '\n' ':')
    java -cp "$JETTY_CP" "$ROOT/perf/BareJettyServer.java" 18599 "$SECRET" >/dev/null 2>&1 &
    BARE_PID=$!; EXTRA_PIDS="$BARE_PID"
    wait_until 30 bare_up || { echo "bare Jetty server did not start" >&2; exit 1; }
    wrk -t2 -c"$CONCURRENCY" -d5s -s "$ROOT/perf/github-delivery.lua" "http://127.0.0.1:18599/" -- "$BODY_FILE" "$SIG" >/dev/null
    JETTY_WRK=$(wrk_run "http://127.0.0.1:18599/")
    echo "bare Jetty servlet, wrk, $CONCURRENCY connections: $JETTY_WRK"
    kill "$BARE_PID"; BARE_PID=""
fi

# warm-up: the JIT is still compiling after a minute of load (its threads used ~0.5 core during a 15 s run), and a
# server runs for days, so the figures below are taken after WARMUP seconds of full-speed load
if command -v wrk >/dev/null; then
    wrk -t2 -c"$CONCURRENCY" -d"${WARMUP}s" -s "$ROOT/perf/github-delivery.lua" "$URL" -- "$BODY_FILE" "$SIG" >/dev/null
else
    $LOAD max "$URL" "$SECRET" "$CONCURRENCY" "$WARMUP" >/dev/null
fi
wait_until 300 drained || echo "(backlog not drained within 300 s)"
FULL=$($LOAD max "$URL" "$SECRET" "$CONCURRENCY" "$RUN")
echo "Plugboard, $CONCURRENCY connections:         $FULL"
if command -v wrk >/dev/null; then
    WRK=$(wrk_run "$URL")
    echo "Plugboard, wrk, $CONCURRENCY connections:    $WRK"
fi
# let the dispatcher finish the backlog the full-speed runs left (every stored event goes to the event source)
t0=$(date +%s)
wait_until 300 drained || echo "(backlog not drained within 300 s)"
echo "dispatch backlog drained in $(( $(date +%s) - t0 )) s"
java "$ROOT/perf/OpenLoopLoad.java" "$URL" "$SECRET" "$RATE" "$RUN" >/dev/null   # warm-up at the rate (JIT)
FIXED=$(java "$ROOT/perf/OpenLoopLoad.java" "$URL" "$SECRET" "$RATE" "$RUN")
echo "Plugboard at $RATE requests/s (open loop): $FIXED"
echo "Plugboard RSS after the runs: $(rss_mb) MB"
rps() { echo "$1" | awk '{print $2}'; }
if [ -n "${WRK:-}" ]; then
    echo "ratio Plugboard / bare (wrk): $(awk -v p="$(rps "$WRK")" -v b="$(rps "$BARE_WRK")" 'BEGIN {printf "%.2f", p / b}')"
    echo "ratio Plugboard / bare Jetty servlet (wrk): $(awk -v p="$(rps "$WRK")" -v b="$(rps "$JETTY_WRK")" 'BEGIN {printf "%.2f", p / b}')"
fi
echo "ratio Plugboard / bare (JDK client): $(awk -v p="$(rps "$FULL")" -v b="$(rps "$BARE")" 'BEGIN {printf "%.2f", p / b}')"
echo "(targets: >= 1000 stored/s, p99 < 50 ms at 500/s, ratio >= 0.5)"
