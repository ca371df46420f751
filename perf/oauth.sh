#!/usr/bin/env bash
# OAuth benchmark. A fresh unpack of the built distribution (HTTP 18681), mock-oauth2-server as the OpenID Connect
# server (127.0.0.1:18699, no login form), and a data-only provider "bench" whose connection type logs in there.
#   1. callback handling: N logins through Plugboard's endpoints, callback latency p50/p99, against the token
#      endpoint's own latency measured the same way (perf/OAuthLoad.java); the difference is Plugboard's overhead
#   2. refresh throughput: CONNECTIONS connections whose tokens live 60 s (under refreshBeforeSeconds), refreshed by
#      the background run every second; refreshes/s counted from the log over SECONDS_REFRESH
#   perf/oauth.sh      environment: LOGINS (200), SECONDS_REFRESH (20)
# Needs a built distribution (the README's first command) and itests/oauth-server/target/classpath.txt.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
LOGINS=${LOGINS:-200}
SECONDS_REFRESH=${SECONDS_REFRESH:-20}
IDP=18699
CLASSPATH_FILE="$ROOT/itests/oauth-server/target/classpath.txt"
[ -f "$CLASSPATH_FILE" ] || { echo "build the distribution first (the README's first command)" >&2; exit 1; }
plugboard_unpack oauth 18681 18601
idp_up() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$IDP/default/.well-known/openid-configuration"; }
type_listed() { curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/connection-types" | grep -q '"bench/oidc@1"'; }

# the OpenID Connect server: tokens live 60 s, so every background run (each second) refreshes them all
JSON_CONFIG='{"interactiveLogin":false,"tokenCallbacks":[{"issuerId":"default","tokenExpiry":60,"requestMappings":[{"requestParam":"grant_type","match":"*","claims":{"sub":"bench-user","aud":["bench"]}}]}]}' \
SERVER_HOSTNAME=127.0.0.1 SERVER_PORT=$IDP java -Xmx256m -cp "@$CLASSPATH_FILE" no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt \
    >"$WORK/idp.log" 2>&1 &
EXTRA_PIDS=$!

sed -i "s#^publicUrl=.*#publicUrl=http://127.0.0.1:$PORT#" "$HOME_DIR/etc/io.plugboard.core.cfg"
sed -i "s#^refreshIntervalSeconds=.*#refreshIntervalSeconds=1#" "$HOME_DIR/etc/io.plugboard.oauth.settings.cfg"
printf 'provider=bench\nclientId=bench\nclientSecret=bench\n' > "$HOME_DIR/etc/io.plugboard.oauth-bench.cfg"
# a data-only provider, packaged as the README shows
mkdir -p "$WORK/bench/connections"
printf 'id: bench\nname: Bench IdP\nauthModes: [OAUTH2]\n' > "$WORK/bench/provider.yaml"
cat > "$WORK/bench/connections/oidc.yaml" <<YAML
apiVersion: integration/v1
kind: Connection
name: oidc
version: 1
summary: An account at the benchmark's OpenID Connect server
schemas:
  storage: {type: object, required: [access_token, token_type]}
providers:
  - name: default
    source: {apiVersion: connection-source/v1, kind: OAuth2, scopes: [profile], server: {issuerURL: 'http://127.0.0.1:$IDP/default'}}
YAML
printf 'Bundle-ManifestVersion: 2\nBundle-SymbolicName: bench.idp\nBundle-Version: 1.0.0\n' > "$WORK/bench/manifest.txt"
(cd "$WORK/bench" && jar --create --file bench-idp.jar --manifest manifest.txt provider.yaml connections)

plugboard_start
wait_until 60 idp_up || { echo "the OpenID Connect server did not start" >&2; cat "$WORK/idp.log" >&2; exit 1; }
cp "$WORK/bench/bench-idp.jar" "$HOME_DIR/deploy/"
wait_until 30 type_listed || { echo "bench/oidc@1 not listed" >&2; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; H2; OpenID Connect server on the same machine"
java "$ROOT/perf/OAuthLoad.java" "http://127.0.0.1:$PORT" "$TOKEN" bench/oidc@1 "http://127.0.0.1:$IDP/default" "$LOGINS"

count() { grep -c "Refreshed the access token" "$HOME_DIR/data/log/karaf.log" || true; }
CONNECTIONS=$(( LOGINS + 20 ))
sleep 2
before=$(count); t0=$(date +%s.%N)
sleep "$SECONDS_REFRESH"
after=$(count); t1=$(date +%s.%N)
awk -v n=$((after - before)) -v a="$t0" -v b="$t1" -v c="$CONNECTIONS" \
    'BEGIN {printf "background refresh: %d refreshes in %.1f s = %.0f refreshes/s (%d connections, one refresh at a time per connection, each under its row lock)\n", n, b - a, n / (b - a), c}'
