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
# RUNS (default 3): the settings are measured RUNS times, interleaved (0, 10s, 30s, 0, 10s, 30s, ...); at the end a
# table (OUTDIR/table.md) gives per setting the median over the runs of: time from listening to ready, the warm-up's
# synthetic calls, server CPU until ready, server CPU per call in the first window and over the whole DURATION (the
# first minute with the default DURATION=60), and the load tool's p99.
# Usage: [RUNS=3] [RATE=100] [DURATION=60] [WINDOW=10] bench/scripts/warm-up.sh OUTDIR ["0 10s 30s"] [serve flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$1"; SETTINGS="${2:-0 10s 30s}"; shift; [ $# -gt 0 ] && shift
RATE="${RATE:-100}"; DURATION="${DURATION:-60}"; WINDOW="${WINDOW:-10}"; RUNS="${RUNS:-3}"
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
echo "rate=$RATE/s duration=${DURATION}s window=${WINDOW}s runs=$RUNS cpus=$(nproc) serve_flags=${*:-none}" \
  | tee "$OUT/summary.txt"
printf 'run\tsetting\tready_after_listening_s\tcpu_until_ready_s\twarmup_calls\tfirst_window_ms\tall_windows_ms\tcalls\tp99_ms\n' \
  > "$OUT/results.tsv"
for R in $(seq 1 "$RUNS"); do
for W in $SETTINGS; do
  TAG="$W-r$R"
  rm -rf "$DATA/data"
  T0=$(now)
  DXGUARD_MAX_CONCURRENT_CALLS="${DXGUARD_MAX_CONCURRENT_CALLS:-0}" java -Xms1g -Xmx1g -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/data" \
    --trusted-ehrs "$DATA/trusted-ehrs.json" --no-graph --warm-up "$W" "$@" > "$OUT/serve-$TAG.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 6000); do grep -q "listening on" "$OUT/serve-$TAG.log" && break; sleep 0.1; done
  grep -q "listening on" "$OUT/serve-$TAG.log" || { echo "serve did not start:"; tail -20 "$OUT/serve-$TAG.log"; exit 1; }
  T1=$(now)
  for _ in $(seq 1 6000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ] && break; sleep 0.1
  done
  T2=$(now); CPU_READY=$(ticks)
  READY_S=$(echo "$T2 - $T1" | bc); CPU_READY_S=$(echo "scale=1; $CPU_READY / $HZ" | bc)
  echo "== run $R, --warm-up $W: listening after $(echo "$T1 - $T0" | bc) s, ready $(echo "$T2 - $T1" | bc) s later;" \
    "server CPU until ready $(echo "scale=1; $CPU_READY / $HZ" | bc) s; uptime: $(uptime)" | tee -a "$OUT/summary.txt"
  grep -o "warm-up finished.*" "$OUT/serve-$TAG.log" | tee -a "$OUT/summary.txt" || true
  bin/dxguard bench replay --target "http://127.0.0.1:$PORT" --key "$DATA/bench.pem" --kid dxguard-bench \
    --hook order-sign --cohort 40 --seed 1 --concurrency 16 --rate "$RATE" --duration "$DURATION" --warmup 0 \
    --out "$OUT/replay-$TAG.json" > "$OUT/replay-$TAG.log" 2>&1 &
  LOAD=$!
  PREV_T=$(ticks); PREV_N=$(served); K=0; TOTAL_T=0; TOTAL_N=0; FIRST=""
  while kill -0 $LOAD 2>/dev/null; do
    sleep "$WINDOW"
    T=$(ticks); N=$(served); DN=$((N - PREV_N)); DT=$((T - PREV_T))
    if [ "$DN" -gt 0 ]; then
      K=$((K + 1)); TOTAL_T=$((TOTAL_T + DT)); TOTAL_N=$((TOTAL_N + DN))
      [ -n "$FIRST" ] || FIRST=$(echo "scale=2; $DT * 1000 / $HZ / $DN" | bc)
      echo "   window $K: calls $((N - DN + 1))-$N ($DN): server CPU $(echo "scale=2; $DT * 1000 / $HZ / $DN" | bc) ms/call" \
        | tee -a "$OUT/summary.txt"
    fi
    PREV_T=$T; PREV_N=$N
  done
  wait $LOAD || true
  [ "$TOTAL_N" -gt 0 ] && echo "   all windows: $TOTAL_N calls, server CPU $(echo "scale=2; $TOTAL_T * 1000 / $HZ / $TOTAL_N" | bc) ms/call" \
    | tee -a "$OUT/summary.txt"
  python3 - "$OUT/replay-$TAG.json" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys
d = json.load(open(sys.argv[1])); h = d["hooks"][0]
print(f"   replay: achieved {d['achievedRate']:.1f}/s, p50 {h['p50Ms']:.1f} ms, p99 {h['p99Ms']:.1f} ms, "
      f"max {h['maxMs']:.1f} ms, statuses {h['statuses']}")
PY
  ALL=""; [ "$TOTAL_N" -gt 0 ] && ALL=$(echo "scale=2; $TOTAL_T * 1000 / $HZ / $TOTAL_N" | bc)
  CALLS_W=$(grep -o "warm-up finished: [0-9]* calls" "$OUT/serve-$TAG.log" | grep -o "[0-9]*" | head -1 || true)
  P99=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['hooks'][0]['p99Ms'])" "$OUT/replay-$TAG.json" \
    2>/dev/null || echo "")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$R" "$W" "$READY_S" "$CPU_READY_S" "${CALLS_W:-0}" "$FIRST" "$ALL" \
    "$TOTAL_N" "$P99" >> "$OUT/results.tsv"
  kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
done
done
python3 - "$OUT/results.tsv" "$DURATION" "$WINDOW" <<'PY' | tee "$OUT/table.md"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
duration, window = sys.argv[2], sys.argv[3]
def med(rs, k):
    v = [float(r[k]) for r in rs if r[k] not in ("", None)]
    return statistics.median(v) if v else float("nan")
print(f"| --warm-up | runs | ready after listening | server CPU until ready | warm-up calls | CPU/call, first {window} s "
      f"| CPU/call, first {duration} s | per run (first {duration} s) | p99 (load tool) |")
print("|---|---|---|---|---|---|---|---|---|")
for w in dict.fromkeys(r["setting"] for r in rows):
    rs = [r for r in rows if r["setting"] == w]
    print(f"| {w} | {len(rs)} | {med(rs, 'ready_after_listening_s'):.1f} s | {med(rs, 'cpu_until_ready_s'):.1f} s "
          f"| {med(rs, 'warmup_calls'):.0f} | {med(rs, 'first_window_ms'):.2f} ms | **{med(rs, 'all_windows_ms'):.2f} ms** "
          f"| {', '.join(r['all_windows_ms'] or '?' for r in rs)} ms | {med(rs, 'p99_ms'):.1f} ms |")
PY
