#!/usr/bin/env bash
# Load benchmark with `bench replay`: a seeded Synthea cohort replayed against `bin/dxguard serve` on loopback.
# Generates a throwaway key (--alg, default ES384) and its trusted-EHR file, starts the service with it (plus any
# extra serve flags), then runs one timed replay per client count and writes OUTDIR/<hook>-c<N>.json.
# Closed loop by default (N clients, each sends when its previous answer arrived). With RATE=R: open loop, calls
# due at R per second with at most N in flight, latency from each call's intended send time; the files are then
# OUTDIR/<hook>-r<R>-c<N>.json. TOKENS=N overrides the number of tokens pre-signed for the timed run.
# WARMUP (seconds, default 60): the JIT is still compiling HAPI's parser after 10 s of load.
# The service sheds hook calls beyond its admission limit (issue 21: two slots per core, at least 4, plus 4 queued per
# slot; the rest 503): closed-loop runs with more clients than that see 503s. Pass --max-concurrent-calls 0 as a serve
# flag to measure without admission, as the figures before issue 21 were.
# NOTES=1: the cohort with Synthea's clinical notes (`bench replay --notes`; generated and cached apart, the first time
# takes minutes), so that patient-view carries the latest note in its `notes` prefetch (issue 21 item 2: patient-view
# with notes, open loop 100 calls/s, p99 <= 60 ms with the model off: DXGUARD_LLM_EMBEDDED=off in the environment).
# Each run also prints (and writes to OUTDIR/<file>-cpu.txt) the CPU seconds of the load tool and of the server over the
# run (warm-up + timed) and their share of the machine: whether the load tool, on the same cores, is the bottleneck.
# Usage: [COHORT=40] [SEED=1] [DURATION=30] [WARMUP=60] [ALG=ES384] [LABEL=...] [RATE=300] [TOKENS=N] [NOTES=1] \
#        bench/scripts/replay.sh OUTDIR HOOK "1 4 16 64" [serve flags...]
# e.g.   bench/scripts/replay.sh /tmp/replay order-sign "1 4 16 64" --no-graph
#        RATE=300 bench/scripts/replay.sh /tmp/replay order-sign "16" --no-graph
#        DXGUARD_LLM_EMBEDDED=off NOTES=1 RATE=100 bench/scripts/replay.sh /tmp/replay patient-view "64" \
#            --max-concurrent-calls 0
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$1"; HOOK="$2"; CLIENTS="$3"; shift 3
COHORT="${COHORT:-40}"; SEED="${SEED:-1}"; DURATION="${DURATION:-30}"; WARMUP="${WARMUP:-60}"; ALG="${ALG:-ES384}"
LABEL="${LABEL:-}"; RATE="${RATE:-}"; TOKENS="${TOKENS:-}"; NOTES_FLAG=(); [ -z "${NOTES:-}" ] || NOTES_FLAG=(--notes)
PORT="${DXGUARD_BENCH_PORT:-18081}"
DATA="$(mktemp -d)"
mkdir -p "$OUT"
bin/dxguard --version >/dev/null            # builds the jar first if needed
bin/dxguard bench replay --prepare-only "${NOTES_FLAG[@]}" --alg "$ALG" --cohort "$COHORT" --seed "$SEED" \
  --trusted-ehrs-out "$DATA/trusted-ehrs.json" --key-out "$DATA/bench.pem" >/dev/null
DXGUARD_JAVA_OPTS="${DXGUARD_JAVA_OPTS:--Xms1g -Xmx1g}" bin/dxguard serve --host 127.0.0.1 --port "$PORT" \
  --data-dir "$DATA/data" --trusted-ehrs "$DATA/trusted-ehrs.json" "$@" > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do grep -q "listening on" "$DATA/serve.log" && break; sleep 1; done
grep -q "listening on" "$DATA/serve.log" || { echo "serve did not start:"; tail -20 "$DATA/serve.log"; exit 1; }
if [[ " $* " != *" --no-graph "* ]]; then     # the graph starts after the HTTP listener: wait until it is ready
  for _ in $(seq 1 600); do grep -q "knowledge graph ready\|knowledge graph failed" "$DATA/serve.log" && break; sleep 1; done
  grep -o "knowledge graph [a-z]* ([^)]*)" "$DATA/serve.log" | head -1
fi
# CPU seconds of this shell's waited-for children (the load tool: `bench replay` runs in the foreground) and of the
# server, to tell whether the load tool, which shares the cores, is the bottleneck (issue 21)
# (`times` in this shell itself, not in a $(...) subshell, whose children are its own)
children_cpu() { awk 'NR == 2 {t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } print t}' "$1"; }
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat" 2>/dev/null || echo 0; }
cpu_share() { # SERVER_TICKS_BEFORE WALL_BEFORE (and `times` before in $DATA/times-before)
  times > "$DATA/times-after"
  python3 - "$(children_cpu "$DATA/times-before")" "$(children_cpu "$DATA/times-after")" "$1" "$(server_ticks)" "$(getconf CLK_TCK)" "$2" "$(date +%s.%N)" "$(nproc)" <<'PY'
import sys
l0, l1, s0, s1, hz, w0, w1, cpus = map(float, sys.argv[1:])
load, server, wall = l1 - l0, (s1 - s0) / hz, w1 - w0
print(f"cpu: load tool {load:.1f} s, server {server:.1f} s over {wall:.1f} s wall on {cpus:.0f} cores (warm-up + timed): "
      f"load tool {100 * load / (wall * cpus):.0f} % of the machine, server {100 * server / (wall * cpus):.0f} %, "
      f"load tool / server {load / server if server else float('nan'):.2f}")
PY
}
if [ -n "$RATE" ]; then MODE="open rate=$RATE"; EACH="calls in flight at most, $RATE calls/s"; else MODE=closed; EACH=clients; fi
echo "serve_flags=${*:-none} alg=$ALG cohort=$COHORT seed=$SEED notes=${NOTES:-no} cpus=$(nproc) mode=$MODE"
for C in $CLIENTS; do
  echo "== $HOOK, $C $EACH; uptime: $(uptime)"
  FILE="$OUT/$HOOK${RATE:+-r$RATE}-c$C"
  times > "$DATA/times-before"; SRV0=$(server_ticks); W0=$(date +%s.%N)
  bin/dxguard bench replay --target "http://127.0.0.1:$PORT" --key "$DATA/bench.pem" --kid dxguard-bench \
    --hook "$HOOK" --cohort "$COHORT" --seed "$SEED" "${NOTES_FLAG[@]}" --concurrency "$C" --duration "$DURATION" \
    --warmup "$WARMUP" ${LABEL:+--label "$LABEL"} ${RATE:+--rate "$RATE"} ${TOKENS:+--tokens "$TOKENS"} \
    --out "$FILE.json" || true
  cpu_share "$SRV0" "$W0" > "$FILE-cpu.txt"; cat "$FILE-cpu.txt"
done
echo "== done; uptime: $(uptime)"
