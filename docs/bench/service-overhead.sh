#!/usr/bin/env bash
# Service overhead benchmark: an order-sign call with a 50-resource prefetch (the packaged
# cds-hooks-service/src/main/resources/bench/order-sign-50.json), ES384 tokens signed as the HL7 sandbox does,
# against `bin/dxguard serve` on loopback with its default configuration. Prints name=value lines.
# Usage: docs/bench/service-overhead.sh [CONCURRENCY] [REQUESTS] [extra serve flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
C="${1:-16}"; N="${2:-10000}"; shift $(( $# > 2 ? 2 : $# )) || true
KEY=../shared/data/cds-hooks-sandbox/ecprivkey.pem
KID=44823f3d-0b01-4a6c-a80e-b9d3e8a7226f
PORT="${DXGUARD_BENCH_PORT:-18080}"
DATA="$(mktemp -d)"
bin/dxguard --version >/dev/null            # builds the jar first if needed
DXGUARD_JAVA_OPTS="${DXGUARD_JAVA_OPTS:--Xms1g -Xmx1g}" bin/dxguard serve --port "$PORT" --data-dir "$DATA" "$@" \
  > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do grep -q "listening on" "$DATA/serve.log" && break; sleep 1; done
echo "machine_load_average=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
echo "cpus=$(nproc)"
bin/dxguard bench call --target "http://localhost:$PORT/cds-services/dxguard-medication-sign" \
  --key "$KEY" --kid "$KID" --iss https://sandbox.cds-hooks.org --concurrency "$C" --requests "$N" --warmup 3000
