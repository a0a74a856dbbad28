#!/usr/bin/env bash
# Where an order-sign call's time goes, by stage, under load: starts `bin/dxguard serve` (no graph) on a fresh data
# directory, warms it up with WARMUP closed-loop calls (the 50-resource request, tokens signed as the HL7 sandbox
# does), scrapes /metrics, runs REQUESTS measured calls (closed loop, or open at RATE calls/s), scrapes again, and
# prints each stage's count, mean and histogram-bucket p50/p99 over the measured calls only (dxguard_stage_seconds;
# `inbound` = arrival to facts mapped).
# Usage: [WARMUP=20000] [RATE=300] docs/bench/stages.sh [CONCURRENCY] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
C="${1:-16}"; N="${2:-10000}"; WARMUP="${WARMUP:-20000}"; RATE="${RATE:-}"
PORT="${DXGUARD_BENCH_PORT:-18082}"; DATA="$(mktemp -d)"
KEY=../shared/data/cds-hooks-sandbox/ecprivkey.pem; KID=44823f3d-0b01-4a6c-a80e-b9d3e8a7226f
ISS=https://sandbox.cds-hooks.org
bin/dxguard --version >/dev/null            # builds the jar first if needed
DXGUARD_JAVA_OPTS="${DXGUARD_JAVA_OPTS:--Xms1g -Xmx1g}" bin/dxguard serve --host 127.0.0.1 --port "$PORT" \
  --data-dir "$DATA/data" --no-graph > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do grep -q "listening on" "$DATA/serve.log" && break; sleep 1; done
T="http://localhost:$PORT/cds-services/dxguard-medication-sign"
call() { bin/dxguard bench call --target "$T" --key "$KEY" --kid "$KID" --iss "$ISS" --concurrency "$C" --warmup 1 "$@"; }
call --requests "$WARMUP" > /dev/null
curl -sf "http://localhost:$PORT/metrics" > "$DATA/before.txt"
echo "load_average_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
call --requests "$N" ${RATE:+--rate "$RATE"} | grep -E "^(mode|requests_per_second|latency_ms_p50|latency_ms_p99)="
curl -sf "http://localhost:$PORT/metrics" > "$DATA/after.txt"
python3 - "$DATA/before.txt" "$DATA/after.txt" <<'PY'
import re, sys, collections
def load(path):
    buckets, count, total = collections.defaultdict(dict), {}, {}
    for line in open(path):
        m = re.match(r'dxguard_stage_seconds_(bucket|count|sum)\{(.*)\} (\S+)', line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
        stage, value = labels['stage'], float(m.group(3))
        if m.group(1) == 'bucket':
            buckets[stage][float('inf') if labels['le'] == '+Inf' else float(labels['le'])] = value
        else:
            (count if m.group(1) == 'count' else total)[stage] = value
    return buckets, count, total
b0, c0, s0 = load(sys.argv[1]); b1, c1, s1 = load(sys.argv[2])
for stage in sorted(b1):
    n = c1.get(stage, 0) - c0.get(stage, 0)
    if n <= 0:
        continue
    def upper(p):
        for le in sorted(b1[stage]):
            if b1[stage][le] - b0[stage].get(le, 0) >= p * n:
                return le * 1000
    print(f"stage={stage} calls={int(n)} mean_ms={(s1[stage] - s0.get(stage, 0)) / n * 1000:.2f} "
          f"p50_ms_at_most={upper(0.5):.2f} p99_ms_at_most={upper(0.99):.2f}")
PY
