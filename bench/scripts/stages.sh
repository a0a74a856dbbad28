#!/usr/bin/env bash
# Where an order-sign call's time goes, by stage, under load: starts `bin/dxguard serve` (no graph) on a fresh data
# directory, warms it up with WARMUP closed-loop calls (the 50-resource request, tokens signed as the HL7 sandbox
# does), scrapes /metrics, runs REQUESTS measured calls (closed loop, or open at RATE calls/s), scrapes again, and
# prints each stage's count, mean and histogram-bucket p50/p99 over the measured calls only (dxguard_stage_seconds;
# `inbound` = arrival to facts mapped; `exchange` = the whole HTTP exchange as the service saw it, status 200).
#
# The load generator runs on the same cores as the service. CLIENT_NICE (default 19) is its nice value: at 19 it
# yields the cores to the service, the nearest this machine gets to a generator on another host; CLIENT_NICE=0
# gives both equal priority. The CPU lines come from /proc over the middle of the timed run: the service's CPU per
# call (user, system), everything else on the machine per call (the generator, mostly), the cores left idle, the
# service's context switches per call, and the calls inside the service on average (Little's law: rate x mean
# exchange time).
# GENERATOR=wrk (closed loop only; needs `apt install wrk`) replaces the JDK-client generator of `bench call` with
# wrk (C, one thread, CONCURRENCY connections, bench/scripts/wrk-order-sign.lua) for the measured run: it costs a small
# fraction of the CPU per call, so the service keeps nearly all of the cores and nearly all CONCURRENCY calls at
# once, the nearest this machine gets to a generator on another host without starving it. REQUESTS tokens are
# signed for it (`dxguard token --count`), and it runs for DURATION seconds (default 15) or until they run out.
# WARMUP (default 60000 calls, about 80 s of load): after 20,000 the JIT was still compiling under saturation, and
# the service spent 2.4-2.7 ms of CPU per call instead of 1.4-1.6 ms.
# DXGUARD_JAVA_OPTS (default -Xms1g -Xmx1g) applies to the service only.
# Usage: [WARMUP=60000] [RATE=300] [CLIENT_NICE=19] [GENERATOR=bench|wrk] [DURATION=15] bench/scripts/stages.sh \
#        [CONCURRENCY] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
C="${1:-16}"; N="${2:-10000}"; WARMUP="${WARMUP:-60000}"; RATE="${RATE:-}"; CLIENT_NICE="${CLIENT_NICE:-19}"
GENERATOR="${GENERATOR:-bench}"; DURATION="${DURATION:-15}"
if [ "$GENERATOR" = wrk ]; then
  command -v wrk >/dev/null || { echo "GENERATOR=wrk needs wrk (apt install wrk)" >&2; exit 1; }
  [ -z "$RATE" ] || { echo "GENERATOR=wrk runs a closed loop only; unset RATE" >&2; exit 1; }
fi
PORT="${DXGUARD_BENCH_PORT:-18082}"; DATA="$(mktemp -d)"
KEY=../shared/data/cds-hooks-sandbox/ecprivkey.pem; KID=44823f3d-0b01-4a6c-a80e-b9d3e8a7226f
ISS=https://sandbox.cds-hooks.org
bin/dxguard --version >/dev/null            # builds the jar first if needed
DXGUARD_JAVA_OPTS="${DXGUARD_JAVA_OPTS:--Xms1g -Xmx1g}" bin/dxguard serve --host 127.0.0.1 --port "$PORT" \
  --data-dir "$DATA/data" --no-graph > "$DATA/serve.log" 2>&1 &
SERVER=$!
SAMPLER=
trap 'kill $SERVER $SAMPLER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do grep -q "listening on" "$DATA/serve.log" && break; sleep 1; done
T="http://localhost:$PORT/cds-services/dxguard-medication-sign"
call() {
  DXGUARD_JAVA_OPTS= nice -n "$CLIENT_NICE" bin/dxguard bench call --target "$T" --key "$KEY" --kid "$KID" \
    --iss "$ISS" --concurrency "$C" --warmup 1 "$@"
}
call --requests "$WARMUP" > /dev/null
if [ "$GENERATOR" = wrk ]; then
  DXGUARD_JAVA_OPTS= bin/dxguard token --key "$KEY" --kid "$KID" --iss "$ISS" --aud "$T" --count "$N" \
    > "$DATA/tokens.txt"
fi
# every 0.5 s: time, the service's user and system ticks, the machine's busy ticks, the service's context switches
( while kill -0 "$SERVER" 2>/dev/null; do
    echo "$(date +%s.%N) $(cut -d' ' -f14,15 "/proc/$SERVER/stat") $(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)" \
      "$(cat /proc/"$SERVER"/task/*/status 2>/dev/null | awk '/ctxt_switches/{n+=$2} END{print n+0}')"
    sleep 0.5
  done > "$DATA/cpu.txt" ) &
SAMPLER=$!
curl -sf "http://localhost:$PORT/metrics" > "$DATA/before.txt"
echo "generator=$GENERATOR client_nice=$CLIENT_NICE"
echo "load_average_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
if [ "$GENERATOR" = wrk ]; then
  nice -n "$CLIENT_NICE" wrk -t1 -c"$C" -d"${DURATION}s" --latency -s bench/scripts/wrk-order-sign.lua "$T" \
    -- "$DATA/tokens.txt" bench/src/main/resources/bench/order-sign-50.json > "$DATA/wrk.txt"
  python3 - "$DATA/wrk.txt" > "$DATA/run.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
ms = lambda v, u: float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
print('mode=closed')
print('requests_per_second=' + re.search(r'Requests/sec:\s+(\S+)', text).group(1))
for p in ('50', '99'):
    m = re.search(r'\s' + p + r'%\s+([\d.]+)(us|ms|s)\b', text)
    print(f'latency_ms_p{p}={ms(*m.groups()):.2f}')
bad = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
print('non_2xx=' + (bad.group(1) if bad else '0'))
PY
else
  call --requests "$N" ${RATE:+--rate "$RATE"} > "$DATA/run.txt"
fi
END=$(date +%s.%N)
curl -sf "http://localhost:$PORT/metrics" > "$DATA/after.txt"
grep -E "^(mode|requests_per_second|latency_ms_p50|latency_ms_p99|non_2xx)=" "$DATA/run.txt"
python3 - "$DATA/before.txt" "$DATA/after.txt" "$DATA/cpu.txt" "$END" "$(getconf CLK_TCK)" "$(nproc)" \
  "$(sed -n 's/^requests_per_second=//p' "$DATA/run.txt")" <<'PY'
import re, sys, collections
def load(path):
    buckets, count, total = collections.defaultdict(dict), {}, {}
    for line in open(path):
        m = re.match(r'dxguard_(stage|http_server_requests)_seconds_(bucket|count|sum)\{(.*)\} (\S+)', line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3)))
        if m.group(1) == 'stage':
            stage = labels['stage']
        elif labels.get('service') == 'dxguard-medication-sign' and labels.get('status') == '200':
            stage = 'exchange'
        else:
            continue
        value = float(m.group(4))
        if m.group(2) == 'bucket':
            buckets[stage][float('inf') if labels['le'] == '+Inf' else float(labels['le'])] = value
        else:
            (count if m.group(2) == 'count' else total)[stage] = value
    return buckets, count, total
b0, c0, s0 = load(sys.argv[1]); b1, c1, s1 = load(sys.argv[2])
means = {}
for stage in sorted(b1):
    n = c1.get(stage, 0) - c0.get(stage, 0)
    if n <= 0:
        continue
    def upper(p):
        for le in sorted(b1[stage]):
            if b1[stage][le] - b0[stage].get(le, 0) >= p * n:
                return le * 1000
    means[stage] = (s1[stage] - s0.get(stage, 0)) / n
    print(f"stage={stage} calls={int(n)} mean_ms={means[stage] * 1000:.2f} "
          f"p50_ms_at_most={upper(0.5):.2f} p99_ms_at_most={upper(0.99):.2f}")
# CPU over the timed run (the 0.5 s samples in which the service used over half a core), first and last left out
rows = [list(map(float, l.split())) for l in open(sys.argv[3]) if len(l.split()) == 5]
end, tick, cpus, rate = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
rows = [r for r in rows if r[0] <= end]
busy = [i for i in range(1, len(rows))
        if (rows[i][1] + rows[i][2] - rows[i - 1][1] - rows[i - 1][2]) / tick / (rows[i][0] - rows[i - 1][0]) > 0.5]
if len(busy) >= 4 and rate > 0:
    first, last = rows[busy[1]], rows[busy[-2]]
    secs = last[0] - first[0]
    calls = rate * secs
    user = (last[1] - first[1]) / tick * 1000 / calls
    system = (last[2] - first[2]) / tick * 1000 / calls
    machine = (last[3] - first[3]) / tick * 1000 / calls
    print(f"service_cpu_ms_per_call={user + system:.2f} service_user_ms={user:.2f} service_system_ms={system:.2f} "
          f"other_cpu_ms_per_call={machine - user - system:.2f} "
          f"idle_cores={cpus - (last[3] - first[3]) / tick / secs:.2f} "
          f"context_switches_per_call={(last[4] - first[4]) / calls:.1f} "
          f"calls_in_service={rate * means.get('exchange', 0):.1f} cpu_window_s={secs:.1f}")
PY
