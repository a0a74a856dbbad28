#!/usr/bin/env bash
# Warm before ready (issue 21, item 4): how long the warm-up keeps a new instance unready, and what it saves.
# For each --warm-up setting (default "0 10s 30s"): starts a fresh `serve` (no graph, -Xms1g -Xmx1g, a generated
# ES384 key), times start -> "listening on" -> /health/ready 200, then offers realistic order-sign calls (the
# `bench replay` cohort, 40 patients, seed 1) open-loop at RATE calls/s (default 100) for DURATION s (default 60),
# and every WINDOW s (default 10) reads the server's user + system CPU (/proc) and its count of order-sign calls
# answered (/metrics): server CPU per call in each window since ready. Without a warm-up the first windows show the
# cold JIT; the warm-up's own CPU is spent before ready and is not in these windows (it is in the log line
# "warm-up finished", also printed). The load tool shares the cores: compare the settings within one run of this
# script, on an otherwise quiet machine (uptime is printed). Admission is off during the measurement
# (DXGUARD_MAX_CONCURRENT_CALLS=0, overridden by a --max-concurrent-calls serve flag), so that every call is served
# and the CPU per call is that of served calls; on a busy machine lower RATE to what it can serve.
# Usage: [RATE=100] [DURATION=60] [WINDOW=10] bench/scripts/warm-up.sh OUTDIR ["0 10s 30s"] [extra serve flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$1"; SETTINGS="${2:-0 10s 30s}"; shift; [ $# -gt 0 ] && shift
RATE="${RATE:-100}"; DURATION="${DURATION:-60}"; WINDOW="${WINDOW:-10}"
PORT="${DXGUARD_BENCH_PORT:-18084}"; JAR="$(realpath app/target/dxguard.jar)"
mkdir -p "$OUT"; OUT="$(realpath "$OUT")"
DATA="$(mktemp -d)"; SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"' EXIT
bin/dxguard --version >/dev/null            # builds the jar (and the load tool) if needed
export DXGUARD_SKIP_BUILD=1                 # and never again while the services under test run from it
bin/dxguard bench replay --prepare-only --alg ES384 --cohort 40 --seed 1 \
  --trusted-ehrs-out "$DATA/trusted-ehrs.json" --key-out "$DATA/bench.pem" >/dev/null
now() { date +%s.%N; }
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
served() {
  curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^dxguard_http_server_requests_seconds_count\{.*hook="order-sign".*status="200"/ {n += $2} END {print n + 0}'
}
HZ=$(getconf CLK_TCK)
echo "rate=$RATE/s duration=${DURATION}s window=${WINDOW}s cpus=$(nproc) serve_flags=${*:-none}" | tee "$OUT/summary.txt"
for W in $SETTINGS; do
  rm -rf "$DATA/data"
  T0=$(now)
  DXGUARD_MAX_CONCURRENT_CALLS="${DXGUARD_MAX_CONCURRENT_CALLS:-0}" java -Xms1g -Xmx1g -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/data" \
    --trusted-ehrs "$DATA/trusted-ehrs.json" --no-graph --warm-up "$W" "$@" > "$OUT/serve-$W.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 6000); do grep -q "listening on" "$OUT/serve-$W.log" && break; sleep 0.1; done
  grep -q "listening on" "$OUT/serve-$W.log" || { echo "serve did not start:"; tail -20 "$OUT/serve-$W.log"; exit 1; }
  T1=$(now)
  for _ in $(seq 1 6000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ] && break; sleep 0.1
  done
  T2=$(now); CPU_READY=$(ticks)
  echo "== --warm-up $W: listening after $(echo "$T1 - $T0" | bc) s, ready $(echo "$T2 - $T1" | bc) s later;" \
    "server CPU until ready $(echo "scale=1; $CPU_READY / $HZ" | bc) s; uptime: $(uptime)" | tee -a "$OUT/summary.txt"
  grep -o "warm-up finished.*" "$OUT/serve-$W.log" | tee -a "$OUT/summary.txt" || true
  bin/dxguard bench replay --target "http://127.0.0.1:$PORT" --key "$DATA/bench.pem" --kid dxguard-bench \
    --hook order-sign --cohort 40 --seed 1 --concurrency 16 --rate "$RATE" --duration "$DURATION" --warmup 0 \
    --out "$OUT/replay-$W.json" > "$OUT/replay-$W.log" 2>&1 &
  LOAD=$!
  PREV_T=$(ticks); PREV_N=$(served); K=0; TOTAL_T=0; TOTAL_N=0
  while kill -0 $LOAD 2>/dev/null; do
    sleep "$WINDOW"
    T=$(ticks); N=$(served); DN=$((N - PREV_N)); DT=$((T - PREV_T))
    if [ "$DN" -gt 0 ]; then
      K=$((K + 1)); TOTAL_T=$((TOTAL_T + DT)); TOTAL_N=$((TOTAL_N + DN))
      echo "   window $K: calls $((N - DN + 1))-$N ($DN): server CPU $(echo "scale=2; $DT * 1000 / $HZ / $DN" | bc) ms/call" \
        | tee -a "$OUT/summary.txt"
    fi
    PREV_T=$T; PREV_N=$N
  done
  wait $LOAD || true
  [ "$TOTAL_N" -gt 0 ] && echo "   all windows: $TOTAL_N calls, server CPU $(echo "scale=2; $TOTAL_T * 1000 / $HZ / $TOTAL_N" | bc) ms/call" \
    | tee -a "$OUT/summary.txt"
  python3 - "$OUT/replay-$W.json" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys
d = json.load(open(sys.argv[1])); h = d["hooks"][0]
print(f"   replay: achieved {d['achievedRate']:.1f}/s, p50 {h['p50Ms']:.1f} ms, p99 {h['p99Ms']:.1f} ms, "
      f"max {h['maxMs']:.1f} ms, statuses {h['statuses']}")
PY
  kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
done
