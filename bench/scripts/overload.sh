#!/usr/bin/env bash
# Overload is shed, not queued (issue 21, item 3). Measures the capacity of this machine for realistic order-sign
# calls (closed loop, 16 clients, `bench replay` cohort), then offers FACTOR (default 2) times that rate open-loop
# with at most CLIENTS (default 64) in flight: RUNS times (default 3) with the service's admission defaults (or the
# serve flags given), then once unbounded (--max-concurrent-calls 0, the behaviour before admission; UNBOUNDED=0
# leaves it out). Each run on a fresh `serve` (no graph). Prints, per run and as the median of the admission runs:
# offered and achieved rate, answers by status, latency of the calls served (200: p50, p99, max), the longest any
# call took (shed ones included), the calls that waited for a free client slot, and the CPU share of the load tool
# and of the server (is the load tool the bottleneck?). The load tool runs on the same cores as the service: the
# figures are only meaningful on an otherwise quiet machine (the `uptime` of each run is printed).
# Usage: [RUNS=3] [UNBOUNDED=1] [FACTOR=2] [CLIENTS=64] [DURATION=30] [WARMUP=60] [COHORT=40] [SEED=1] \
#        [RATE=R (skip the capacity run)] bench/scripts/overload.sh OUTDIR [serve flags for the admission runs...]
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
RUNS="${RUNS:-3}"; UNBOUNDED="${UNBOUNDED:-1}"
for R in $(seq 1 "$RUNS"); do
  echo "== admission ${*:-defaults}, run $R of $RUNS; uptime: $(uptime)"
  RATE="$RATE" LABEL="admission-$R" bench/scripts/replay.sh "$OUT/admission-$R" order-sign "$CLIENTS" --no-graph "$@" \
    > "$OUT/admission-$R.log" 2>&1
done
if [ "$UNBOUNDED" != 0 ]; then
  echo "== unbounded (--max-concurrent-calls 0); uptime: $(uptime)"
  RATE="$RATE" LABEL="unbounded" bench/scripts/replay.sh "$OUT/unbounded" order-sign "$CLIENTS" --no-graph \
    --max-concurrent-calls 0 > "$OUT/unbounded.log" 2>&1
fi
python3 - "$OUT" "$RATE" "$CLIENTS" "$RUNS" "$UNBOUNDED" <<'PY' | tee "$OUT/table.md"
import json, os, re, statistics, sys
out, rate, clients, runs, unbounded = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] != "0"
print("| run | offered/s | achieved/s | 200 | 503 | other | served p50 | served p99 | served max | max (all) "
      "| late starts | load tool / server CPU (% of machine) | load before |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
keys = ("achieved", "ok", "shed", "other", "p50", "p99", "smax", "max", "late", "tool", "server")
rows = []
def row(name, run):
    base = f"{out}/{run}/order-sign-r{rate}-c{clients}"
    if not os.path.exists(base + ".json"):
        print(f"| {name} | {rate} | (no result: see {run}.log) |")
        return None
    d = json.load(open(base + ".json")); h = d["hooks"][0]; s = h["statuses"]
    cpu = open(base + "-cpu.txt").read() if os.path.exists(base + "-cpu.txt") else ""
    m = re.search(r"load tool (\d+) % of the machine, server (\d+) %", cpu)
    r = dict(achieved=d["achievedRate"], ok=s.get("200", 0), shed=s.get("503", 0),
             other=sum(v for k, v in s.items() if k not in ("200", "503")), p50=h["servedP50Ms"],
             p99=h["servedP99Ms"], smax=h["servedMaxMs"], max=h["maxMs"], late=d["lateStarts"],
             tool=float(m.group(1)) if m else float("nan"), server=float(m.group(2)) if m else float("nan"))
    print(f"| {name} | {d['targetRate']:.0f} | {r['achieved']:.1f} | {r['ok']} | {r['shed']} | {r['other']} "
          f"| {r['p50']:.1f} ms | {r['p99']:.1f} ms | {r['smax']:.1f} ms | {r['max']:.1f} ms | {r['late']} "
          f"| {r['tool']:.0f} % / {r['server']:.0f} % | {d['loadAverageBefore']} |")
    return r
for i in range(1, runs + 1):
    r = row(f"admission {i}", f"admission-{i}")
    if r:
        rows.append(r)
if rows:
    med = {k: statistics.median(r[k] for r in rows) for k in keys}
    print(f"| **median of {len(rows)}** | {rate} | {med['achieved']:.1f} | {med['ok']:.0f} | {med['shed']:.0f} "
          f"| {med['other']:.0f} | {med['p50']:.1f} ms | **{med['p99']:.1f} ms** | {med['smax']:.1f} ms "
          f"| **{med['max']:.1f} ms** | {med['late']:.0f} | {med['tool']:.0f} % / {med['server']:.0f} % | |")
if unbounded:
    row("unbounded", "unbounded")
PY
