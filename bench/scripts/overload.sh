#!/usr/bin/env bash
# Overload is shed, not queued (issue 21, item 3). Measures the capacity of this machine for realistic order-sign
# calls (closed loop, 16 clients, `bench replay` cohort), then offers FACTOR (default 2) times that rate open-loop
# with at most CLIENTS (default 64) in flight: once with the service's admission defaults (or the serve flags given)
# and once unbounded (--max-concurrent-calls 0, the behaviour before admission). Each run on a fresh `serve` (no
# graph). Prints, per run: offered and achieved rate, answers by status, latency of the calls served (200: p50, p99,
# max), the longest any call took (shed ones included) and the calls that waited for a free client slot.
# The load tool runs on the same cores as the service: the figures are for comparing the two runs, and only
# meaningful on an otherwise quiet machine (the `uptime` of each run is printed).
# Usage: [FACTOR=2] [CLIENTS=64] [DURATION=30] [WARMUP=60] [COHORT=40] [SEED=1] [RATE=R (skip the capacity run)] \
#        bench/scripts/overload.sh OUTDIR [serve flags for the admission run...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$1"; shift
FACTOR="${FACTOR:-2}"; CLIENTS="${CLIENTS:-64}"
export DURATION="${DURATION:-30}" WARMUP="${WARMUP:-60}" COHORT="${COHORT:-40}" SEED="${SEED:-1}"
mkdir -p "$OUT"
if [ -z "${RATE:-}" ]; then
  echo "== capacity: closed loop, 16 clients; uptime: $(uptime)"
  env -u RATE bench/scripts/replay.sh "$OUT/capacity" order-sign "16" --no-graph "$@" > "$OUT/capacity.log" 2>&1
  CAPACITY=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['hooks'][0]['throughput'])" \
    "$OUT/capacity/order-sign-c16.json")
  RATE=$(python3 -c "print(int(float('$CAPACITY') * float('$FACTOR')))")
  echo "capacity ${CAPACITY} calls/s -> offered rate ${RATE} calls/s (x${FACTOR})"
fi
echo "== admission ${*:-defaults}; uptime: $(uptime)"
RATE="$RATE" LABEL="admission" bench/scripts/replay.sh "$OUT/admission" order-sign "$CLIENTS" --no-graph "$@" \
  > "$OUT/admission.log" 2>&1
echo "== unbounded (--max-concurrent-calls 0); uptime: $(uptime)"
RATE="$RATE" LABEL="unbounded" bench/scripts/replay.sh "$OUT/unbounded" order-sign "$CLIENTS" --no-graph \
  --max-concurrent-calls 0 > "$OUT/unbounded.log" 2>&1
python3 - "$OUT" "$RATE" "$CLIENTS" <<'PY'
import json, sys
out, rate, clients = sys.argv[1], sys.argv[2], sys.argv[3]
print("| run | offered/s | achieved/s | 200 | 503 | other | served p50 | served p99 | served max | max (all) | late starts | load before |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for run in ("admission", "unbounded"):
    d = json.load(open(f"{out}/{run}/order-sign-r{rate}-c{clients}.json")); h = d["hooks"][0]; s = h["statuses"]
    other = sum(v for k, v in s.items() if k not in ("200", "503"))
    print(f"| {run} | {d['targetRate']:.0f} | {d['achievedRate']:.1f} | {s.get('200', 0)} | {s.get('503', 0)} | {other} "
          f"| {h['servedP50Ms']:.1f} ms | {h['servedP99Ms']:.1f} ms | {h['servedMaxMs']:.1f} ms | {h['maxMs']:.1f} ms "
          f"| {d['lateStarts']} | {d['loadAverageBefore']} |")
PY
