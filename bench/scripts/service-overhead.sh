#!/usr/bin/env bash
# Service overhead benchmark: an order-sign call with a 50-resource prefetch (the packaged
# bench/src/main/resources/bench/order-sign-50.json) against `bin/dxguard serve` on loopback.
# Tokens are pre-signed, single-use, and checked by the service like any EHR's.
#   ALG=ES384 (default): signed exactly as the HL7 CDS Hooks sandbox does (its public test key in ../shared).
#   ALG=RS384: a throwaway RSA-2048 key generated here and trusted through a --trusted-ehrs file.
# Closed loop by default (CONCURRENCY clients, each sends when its previous answer arrived). With RATE=R: open loop,
# calls due at R per second with at most CONCURRENCY in flight, latency from each call's intended send time
# (late_starts counts calls that waited for a free slot); the warm-up runs at the same rate.
# Usage: [ALG=ES384|RS384] [RATE=300] [WARMUP=60000] bench/scripts/service-overhead.sh [CONCURRENCY] [REQUESTS] \
#        [extra serve flags...]
# WARMUP (calls, default 60000): after 3,000 the JIT was still compiling (15 % of the server's CPU); under
# saturation it still was after 20,000 (docs/BENCHMARKS.md, "Issue 2's path at saturation").
# CLIENT_NICE (default 0): the load generator's nice value; 19 yields the shared cores to the service (see stages.sh).
# DXGUARD_JAVA_OPTS (default -Xms1g -Xmx1g) applies to the service only.
# Prints name=value lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
C="${1:-16}"; N="${2:-10000}"
shift $(( $# > 2 ? 2 : $# ))
ALG="${ALG:-ES384}"; RATE="${RATE:-}"; WARMUP="${WARMUP:-60000}"; CLIENT_NICE="${CLIENT_NICE:-0}"
PORT="${DXGUARD_BENCH_PORT:-18080}"
DATA="$(mktemp -d)"
SERVE_FLAGS=("$@")
if [ "$ALG" = "RS384" ]; then
  KEY="$DATA/bench-rsa.pem"; KID=bench-rsa; ISS=https://bench.dxguard.local
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY" 2>/dev/null
  MOD=$(openssl rsa -in "$KEY" -noout -modulus 2>/dev/null | cut -d= -f2)
  python3 - "$MOD" "$DATA/trusted-ehrs.json" <<'PY'
import sys, base64, json
n = bytes.fromhex(sys.argv[1])
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
json.dump({"ehrs": [{"iss": "https://bench.dxguard.local", "jwks": {"keys": [
    {"kty": "RSA", "kid": "bench-rsa", "alg": "RS384", "use": "sig", "n": b64(n), "e": b64((65537).to_bytes(3, "big"))}]}}]},
    open(sys.argv[2], "w"))
PY
  SERVE_FLAGS+=(--trusted-ehrs "$DATA/trusted-ehrs.json")
else
  KEY=../shared/data/cds-hooks-sandbox/ecprivkey.pem; KID=44823f3d-0b01-4a6c-a80e-b9d3e8a7226f
  ISS=https://sandbox.cds-hooks.org
fi
bin/dxguard --version >/dev/null            # builds the jar first if needed
DXGUARD_JAVA_OPTS="${DXGUARD_JAVA_OPTS:--Xms1g -Xmx1g}" bin/dxguard serve --host 127.0.0.1 --port "$PORT" \
  --data-dir "$DATA/data" "${SERVE_FLAGS[@]}" > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do grep -q "listening on" "$DATA/serve.log" && break; sleep 1; done
echo "alg=$ALG"
echo "serve_flags=${SERVE_FLAGS[*]:-none}"
echo "cpus=$(nproc)"
echo "rate=${RATE:-closed}"
echo "client_nice=$CLIENT_NICE"
echo "load_average_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
DXGUARD_JAVA_OPTS= nice -n "$CLIENT_NICE" bin/dxguard bench call \
  --target "http://localhost:$PORT/cds-services/dxguard-medication-sign" \
  --key "$KEY" --kid "$KID" --iss "$ISS" --concurrency "$C" --requests "$N" --warmup "$WARMUP" \
  ${RATE:+--rate "$RATE"}
echo "load_average_after=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
