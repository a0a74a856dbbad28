#!/usr/bin/env bash
# Patient-view with clinical notes at a rate (issue 21, item 2, second half): the `bench replay` notes cohort
# (NOTES=1: each patient-view carries the patient's latest Synthea note in its `notes` prefetch), open loop at RATE
# calls/s (default 100) with at most CLIENTS (default 64) in flight, on a fresh `serve` with the knowledge graph, in
# two settings of the explanation model:
#   off      DXGUARD_LLM_EMBEDDED=off: the evidence-only explainer, no model (target: p99 <= 60 ms, 0 errors);
#   stalled  a local OpenAI-compatible server that accepts every call and never answers within the run
#            (llm-reasoner/fine-tune/fake_openai_server.py --delay-ms 3600000): the real langchain4j client waits for
#            it until the explanation budget (--llm-budget, default 400ms) runs out, and the card goes out without the
#            explanation (target: never more than the budget + 50 ms). The model client's timeout is set past the
#            run (STALL_TIMEOUT, default 600s), so no model call fails and the circuit breaker never opens: every
#            call meets a stalled model, the worst case (with the default 30 s timeout the breaker opens after 30 s
#            and later calls skip the model). DXGUARD_LLM_CONCURRENCY (8) bounds the model calls waiting at once.
# Prints per setting p50/p95/p99/max of every call, the errors (every answer but 200) by status, and the CPU share of
# the load tool and of the server; writes OUTDIR/<setting>/patient-view-r<RATE>-c<CLIENTS>.json (+ -cpu.txt, .log)
# and OUTDIR/table.md. The service keeps its admission defaults (a 503 is an error here) unless serve flags say
# otherwise. The load tool shares the cores: only meaningful on an otherwise quiet machine (uptime is printed).
# The notes cohort is generated and cached the first time (minutes; `bench replay --prepare-only --notes`).
# Usage: [RATE=100] [CLIENTS=64] [DURATION=30] [WARMUP=30] [COHORT=40] [SEED=1] [SETTINGS="off stalled"] \
#        [BUDGET=400ms] bench/scripts/patient-view-notes.sh OUTDIR [serve flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$1"; shift
RATE="${RATE:-100}"; CLIENTS="${CLIENTS:-64}"; SETTINGS="${SETTINGS:-off stalled}"; BUDGET="${BUDGET:-400ms}"
export DURATION="${DURATION:-30}" WARMUP="${WARMUP:-30}" COHORT="${COHORT:-40}" SEED="${SEED:-1}" NOTES=1
MODEL_PORT="${DXGUARD_BENCH_MODEL_PORT:-18092}"
mkdir -p "$OUT"
MODEL=""
trap '[ -n "$MODEL" ] && kill $MODEL 2>/dev/null; wait 2>/dev/null || true' EXIT
for S in $SETTINGS; do
  echo "== patient-view with notes, $RATE calls/s, model $S, budget $BUDGET; uptime: $(uptime)"
  case "$S" in
    off)
      env -u DXGUARD_LLM_BASE_URL DXGUARD_LLM_EMBEDDED=off RATE="$RATE" LABEL="pv-notes-off" \
        bench/scripts/replay.sh "$OUT/$S" patient-view "$CLIENTS" --llm-budget "$BUDGET" "$@" > "$OUT/$S.log" 2>&1 ;;
    stalled)
      python3 llm-reasoner/fine-tune/fake_openai_server.py --port "$MODEL_PORT" --delay-ms 3600000 \
        > "$OUT/stalled-model.log" 2>&1 &
      MODEL=$!
      DXGUARD_LLM_BASE_URL="http://127.0.0.1:$MODEL_PORT/v1" DXGUARD_LLM_MODEL=fake \
        DXGUARD_LLM_MODEL_ID=fake-openai-server DXGUARD_LLM_TIMEOUT="${STALL_TIMEOUT:-600s}" RATE="$RATE" LABEL="pv-notes-stalled" \
        bench/scripts/replay.sh "$OUT/$S" patient-view "$CLIENTS" --llm-budget "$BUDGET" "$@" > "$OUT/$S.log" 2>&1
      kill $MODEL 2>/dev/null; wait $MODEL 2>/dev/null || true; MODEL="" ;;
    *) echo "unknown setting $S (off, stalled)"; exit 2 ;;
  esac
done
python3 - "$OUT" "$RATE" "$CLIENTS" "$BUDGET" $SETTINGS <<'PY' | tee "$OUT/table.md"
import json, os, sys
out, rate, clients, budget, settings = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
print("| model | offered/s | achieved/s | calls | p50 | p95 | p99 | max | errors (by status) | CPU: load tool / server |"
      " load before |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for s in settings:
    base = f"{out}/{s}/patient-view-r{rate}-c{clients}"
    if not os.path.exists(base + ".json"):
        print(f"| {s} | {rate} | (no result: see {s}.log) |")
        continue
    d = json.load(open(base + ".json")); h = d["hooks"][0]
    errs = {k: v for k, v in h["statuses"].items() if k != "200"}
    cpu = open(base + "-cpu.txt").read().strip() if os.path.exists(base + "-cpu.txt") else ""
    share = cpu.split(": ", 1)[-1].split("cores (warm-up + timed): ")[-1] if cpu else "?"
    print(f"| {s} (budget {budget}) | {d['targetRate']:.0f} | {d['achievedRate']:.1f} | {h['requests']} "
          f"| {h['p50Ms']:.1f} ms | {h['p95Ms']:.1f} ms | {h['p99Ms']:.1f} ms | {h['maxMs']:.1f} ms "
          f"| {h['errors']} {errs or ''} | {share} | {d['loadAverageBefore']} |")
PY
