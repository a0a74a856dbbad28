#!/usr/bin/env bash
# Issue 21's figures in one run, for a quiet machine (2 cores: 25.5 minutes measured on 2026-12-08; `QUICK=1`: a few minutes of short
# runs that only show the suite works). Every raw output goes under OUTDIR/<step>/ (each step's own log as
# OUTDIR/<step>.log); OUTDIR/summary.md gathers the tables, with `uptime` and the time each step took.
# Steps (STEPS="item2 pv overload warmup ab-order-sign ab-note" by default; name fewer to run fewer):
#   item2          realistic order-sign, open loop 300 calls/s, at most 64 in flight, cohorts of 50 Synthea patients,
#                  seeds SEEDS (default "1 7 31"), admission defaults, 20 s warm-up, 20 s timed (bench/scripts/replay.sh)
#   pv             patient-view with notes, open loop 100 calls/s: model off, and a stalled model
#                  (bench/scripts/patient-view-notes.sh)
#   overload       item 3: capacity (closed loop), then twice it, RUNS=3 runs with admission (bench/scripts/overload.sh;
#                  the unbounded comparison only with UNBOUNDED=1)
#   warmup         item 4: --warm-up 0 and 10s, 3 runs each, 100 calls/s for 20 s after ready (bench/scripts/warm-up.sh)
#   ab-order-sign  item 1: in-process CPU per order-sign call, build A vs build B, 3 rounds (cpu-ab-inprocess.sh)
#   ab-note        item 1: in-process CPU per patient-view call with a 2 KB note, A vs B, 3 rounds
# The A/B steps need AB_LIB_A (build A's app/target/lib, e.g. main's built in a separate `git worktree`); AB_LIB_B
# defaults to this checkout's app/target/lib. Without AB_LIB_A they compare this build with itself (a check of the
# method's noise, labelled so in the summary).
# The jar is built once at the start (bin/dxguard), then DXGUARD_SKIP_BUILD=1; the cohorts (with and without notes)
# are generated before the first timed step when not cached yet (the notes cohort takes minutes the first time).
# Usage: [QUICK=1] [STEPS=...] [SEEDS="1 7 31"] [AB_LIB_A=DIR] [AB_LIB_B=DIR] bench/scripts/issue21-suite.sh OUTDIR
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$1"; mkdir -p "$OUT"; OUT="$(realpath "$OUT")"
STEPS="${STEPS:-item2 pv overload warmup ab-order-sign ab-note}"; SEEDS="${SEEDS:-1 7 31}"
AB_LIB_B="${AB_LIB_B:-app/target/lib}"; AB_LIB_A="${AB_LIB_A:-}"
if [ -n "${QUICK:-}" ]; then   # only shows that every step runs; its figures are noise
  I2_W=5; I2_D=5; PV_W=5; PV_D=5; OV_W=5; OV_D=5; WU_D=10; WU_WIN=5; WU_RUNS=1; AB_ROUNDS=1
  AB_OS_WARM=100; AB_OS_CALLS=100; AB_NOTE_WARM=10; AB_NOTE_CALLS=10
else
  # sized to finish in about 20 minutes on 2 cores: per run about 15 s to start `serve` (more with the graph), about
  # 5 s for the load tool to start and sign its tokens, then warm-up + timed
  I2_W=20; I2_D=20; PV_W=15; PV_D=20; OV_W=15; OV_D=15; WU_D=20; WU_WIN=10; WU_RUNS=3; AB_ROUNDS=3
  AB_OS_WARM=2000; AB_OS_CALLS=1000; AB_NOTE_WARM=100; AB_NOTE_CALLS=150
fi
SUMMARY="$OUT/summary.md"
T_START=$(date +%s)
{
  echo "# Issue 21 suite ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)'); cpus: $(nproc); java: $(java -version 2>&1 | head -1)"
  echo "- mode: ${QUICK:+QUICK (short runs: the figures are noise, they only show the suite works)}${QUICK:-full}; steps: $STEPS"
  echo "- uptime at the start: $(uptime)"
} > "$SUMMARY"
bin/dxguard --version > /dev/null            # builds the jar once if needed
export DXGUARD_SKIP_BUILD=1
for S in $SEEDS; do
  bin/dxguard bench replay --prepare-only --cohort 50 --seed "$S" --alg ES384 --trusted-ehrs-out "$OUT/.t.json" \
    --key-out "$OUT/.k.pem" > /dev/null
done
bin/dxguard bench replay --prepare-only --notes --cohort 40 --seed 1 --alg ES384 --trusted-ehrs-out "$OUT/.t.json" \
  --key-out "$OUT/.k.pem" > /dev/null
rm -f "$OUT/.t.json" "$OUT/.k.pem"
echo "- cohorts ready after $(( $(date +%s) - T_START )) s" >> "$SUMMARY"

step() { # NAME COMMAND...: runs a step with its output in OUTDIR/NAME.log; a failing step does not stop the suite
  local name="$1"; shift
  local t0; t0=$(date +%s)
  echo "== $name; uptime: $(uptime)" | tee -a "$OUT/progress.txt"
  printf '\n## %s\n\n- uptime before: %s\n' "$name" "$(uptime)" >> "$SUMMARY"
  if "$@" > "$OUT/$name.log" 2>&1; then :; else echo "- **the step failed** (exit $?): see \`$name.log\`" >> "$SUMMARY"; fi
  printf -- '- took %s s; uptime after: %s\n\n' "$(( $(date +%s) - t0 ))" "$(uptime)" >> "$SUMMARY"
}

item2() {
  for S in $SEEDS; do
    COHORT=50 SEED=$S RATE=300 WARMUP=$I2_W DURATION=$I2_D LABEL="item2-seed$S" \
      bench/scripts/replay.sh "$OUT/item2/seed$S" order-sign "64" --no-graph
  done
}
item2_table() {
  echo "Realistic order-sign, open loop 300 calls/s, at most 64 in flight, 50 patients, admission defaults, ${I2_W} s" \
    "warm-up, ${I2_D} s timed (target: p99 <= 50 ms, 0 errors):"
  echo
  python3 - "$OUT/item2" $SEEDS <<'PY'
import json, os, statistics, sys
base, seeds = sys.argv[1], sys.argv[2:]
print("| seed | achieved/s | 200 | 503 | other | p50 / p95 / p99 / max, all calls | served p99 | CPU: load tool / server |")
print("|---|---|---|---|---|---|---|---|")
p99s = []
for s in seeds:
    f = f"{base}/seed{s}/order-sign-r300-c64"
    if not os.path.exists(f + ".json"):
        print(f"| {s} | (no result) |"); continue
    d = json.load(open(f + ".json")); h = d["hooks"][0]; st = h["statuses"]
    cpu = open(f + "-cpu.txt").read().strip().split("cores (warm-up + timed): ")[-1] if os.path.exists(f + "-cpu.txt") else "?"
    other = sum(v for k, v in st.items() if k not in ("200", "503")); p99s.append(h["p99Ms"])
    print(f"| {s} | {d['achievedRate']:.1f} | {st.get('200', 0)} | {st.get('503', 0)} | {other} | {h['p50Ms']:.1f} / "
          f"{h['p95Ms']:.1f} / {h['p99Ms']:.1f} / {h['maxMs']:.1f} ms | {h['servedP99Ms']:.1f} ms | {cpu} |")
if p99s:
    print(f"\nmedian p99 over {len(p99s)} seeds: **{statistics.median(p99s):.1f} ms**")
PY
}
pv() { WARMUP=$PV_W DURATION=$PV_D bench/scripts/patient-view-notes.sh "$OUT/pv"; }
overload() { RUNS=3 UNBOUNDED="${UNBOUNDED:-0}" WARMUP=$OV_W DURATION=$OV_D bench/scripts/overload.sh "$OUT/overload"; }
warmup() { RUNS=$WU_RUNS RATE=100 DURATION=$WU_D WINDOW=$WU_WIN bench/scripts/warm-up.sh "$OUT/warmup" "0 10s"; }
ab() { # BENCH WARM CALLS
  ROUNDS=$AB_ROUNDS BENCH=$1 WARM=$2 CALLS=$3 bench/scripts/cpu-ab-inprocess.sh "${AB_LIB_A:-$AB_LIB_B}" "$AB_LIB_B" \
    "$OUT/ab-$1"
}
ab_note() { # the A/B's own summary lines and medians
  [ -n "$AB_LIB_A" ] || echo "AB_LIB_A not given: A and B are the same build (the method's noise, not a comparison)."
  echo; echo '```'; grep -h "^round=\|median\|B/A" "$OUT/ab-$1/summary.txt" 2>/dev/null || echo "(no summary)"
  tail -5 "$OUT/ab-$1.log" 2>/dev/null; echo '```'
}

for S in $STEPS; do
  case "$S" in
    item2) step item2 item2; item2_table >> "$SUMMARY" ;;
    pv) step pv pv; cat "$OUT/pv/table.md" >> "$SUMMARY" 2>/dev/null || true ;;
    overload)
      step overload overload
      { grep -h "^capacity" "$OUT/overload.log" || true; echo; cat "$OUT/overload/table.md" 2>/dev/null || true; } \
        >> "$SUMMARY" ;;
    warmup)
      step warmup warmup
      { cat "$OUT/warmup/table.md" 2>/dev/null || true; echo; echo '```'; grep -h "warm-up finished" "$OUT/warmup/summary.txt" || true
        echo '```'; } >> "$SUMMARY" ;;
    ab-order-sign) step ab-order-sign ab order-sign "$AB_OS_WARM" "$AB_OS_CALLS"; ab_note order-sign >> "$SUMMARY" ;;
    ab-note) step ab-note ab note "$AB_NOTE_WARM" "$AB_NOTE_CALLS"; ab_note note >> "$SUMMARY" ;;
    *) echo "unknown step $S" >&2; exit 2 ;;
  esac
done
printf '\n---\nwhole suite: %s s; uptime at the end: %s\n' "$(( $(date +%s) - T_START ))" "$(uptime)" >> "$SUMMARY"
cat "$SUMMARY"
