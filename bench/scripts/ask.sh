#!/usr/bin/env bash
# Ask dxguard (issue 19): latency of the evidence-only answer of POST /ask at N concurrent clients, with
# `bench call` (closed loop, single-use tokens signed before the timed run). Starts `bin/dxguard serve` on loopback
# without a model server (DXGUARD_LLM_EMBEDDED=off: the embedded model is not used for questions anyway), without
# the graph and the console, trusting the HL7 sandbox key (development trust; the key is public test material in
# ../shared/data/cds-hooks-sandbox, or KEY=...), waits until both embedding models are loaded, then replays the
# English question (metformin at eGFR 25) and the Chinese one (insulin adjustment): each question is embedded,
# retrieved, evaluated by the rules and answered per call (no cache of question embeddings).
# Usage: [CLIENTS=4] [REQUESTS=400] [WARMUP=200] bench/scripts/ask.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS="${CLIENTS:-4}"; REQUESTS="${REQUESTS:-400}"; WARMUP="${WARMUP:-200}"
KEY="${KEY:-../shared/data/cds-hooks-sandbox/ecprivkey.pem}"
KID="${KID:-44823f3d-0b01-4a6c-a80e-b9d3e8a7226f}"; ISS="${ISS:-https://sandbox.cds-hooks.org}"
PORT="${DXGUARD_BENCH_PORT:-18082}"
DATA="$(mktemp -d)"
bin/dxguard --version >/dev/null            # builds the jar first if needed
DXGUARD_LLM_EMBEDDED=off DXGUARD_JAVA_OPTS="${DXGUARD_JAVA_OPTS:--Xms1g -Xmx1g}" bin/dxguard serve --host 127.0.0.1 \
  --port "$PORT" --data-dir "$DATA/data" --no-graph --no-console > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do grep -q "ask retrieval: zh index" "$DATA/serve.log" && grep -q "ask retrieval: en index" \
  "$DATA/serve.log" && break; sleep 1; done
grep -q "listening on" "$DATA/serve.log" || { echo "serve did not start:"; tail -20 "$DATA/serve.log"; exit 1; }
echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)"
for LANG_FILE in ask-en ask-zh; do
  echo "== $LANG_FILE clients=$CLIENTS"
  bin/dxguard bench call --target "http://localhost:$PORT/ask" --request "bench/ask/$LANG_FILE.json" \
    --key "$KEY" --kid "$KID" --iss "$ISS" --concurrency "$CLIENTS" --requests "$REQUESTS" --warmup "$WARMUP"
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
