#!/usr/bin/env bash
# Server CPU per realistic order-sign call, for comparing two builds: starts `java -jar JAR serve` (no graph, a
# generated ES384 key), replays the `bench replay` cohort (40 patients, seed 1) closed-loop with 16 clients for
# WARM seconds (default 80, so the JIT has settled), then for 30 s more, and reads the service's user + system
# CPU from /proc over the second run only. Prints calls/s, p50/p99 and ms of server CPU per call.
# JAR defaults to this checkout's app/target/dxguard.jar; pass another build's jar (with its lib/
# beside it) to compare, e.g. one built from an earlier commit in a git worktree (bench/scripts/cpu-ab.sh alternates
# two jars). Admission is off (--max-concurrent-calls 0, since issue 21: its queue wait would shed calls of 16 clients
# on a busy machine, and shed calls cost nearly nothing, which would flatter the CPU per call); SERVE_FLAGS adds flags.
# Usage: [WARM=80] [SERVE_FLAGS=...] bench/scripts/cpu-per-call.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR="$(realpath "${1:-app/target/dxguard.jar}")"; WARM="${WARM:-80}"
PORT="${DXGUARD_BENCH_PORT:-18083}"; DATA="$(mktemp -d)"
bin/dxguard --version >/dev/null            # builds this checkout's jar (the load tool) if needed
bin/dxguard bench replay --prepare-only --alg ES384 --cohort 40 --seed 1 \
  --trusted-ehrs-out "$DATA/trusted-ehrs.json" --key-out "$DATA/bench.pem" >/dev/null
java -Xms1g -Xmx1g -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/data" \
  --trusted-ehrs "$DATA/trusted-ehrs.json" --no-graph --max-concurrent-calls 0 ${SERVE_FLAGS:-} > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do grep -q "listening on" "$DATA/serve.log" && break; sleep 1; done
replay() {
  bin/dxguard bench replay --target "http://127.0.0.1:$PORT" --key "$DATA/bench.pem" --kid dxguard-bench \
    --hook order-sign --cohort 40 --seed 1 --concurrency 16 "$@" > /dev/null 2>&1
}
replay --duration "$WARM" --warmup 5 --out "$DATA/warm.json"
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
UPTIME_BEFORE="$(uptime)"
T0=$(ticks)
replay --duration 30 --warmup 1 --out "$DATA/run.json"
T1=$(ticks)
echo "uptime before the measured run: $UPTIME_BEFORE"
echo "uptime after:                  $(uptime)"
python3 - "$DATA/run.json" "$((T1 - T0))" "$(getconf CLK_TCK)" "$JAR" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); h = d["hooks"][0]; cpu_s = int(sys.argv[2]) / int(sys.argv[3])
print(f"jar={sys.argv[4]} load_average_before={d['loadAverageBefore']}")
statuses = h.get("statuses", {})
if set(statuses) - {"200"}:
    print(f"WARNING: not every call was answered 200: {statuses}")
print(f"calls={h['requests']} calls_per_second={h['throughput']:.1f} p50_ms={h['p50Ms']:.1f} p99_ms={h['p99Ms']:.1f} "
      f"calls_with_cards={h['callsWithCards']} server_cpu_ms_per_call={cpu_s * 1000 / h['requests']:.2f}")
PY
