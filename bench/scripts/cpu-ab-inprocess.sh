#!/usr/bin/env bash
# A/B of CPU per realistic call between two builds, in-process (issue 21, item 1): bench/scripts/InProcessCpu.source
# run with build A's jars and with build B's jars AT THE SAME TIME (order-sign; note: one after the other), ROUNDS times
# (default 3), so that both see the same machine; the figure is the calling thread's CPU time per call, which waiting for a core does not inflate (see
# InProcessCpu.source). It leaves out HTTP and the token check (bench/scripts/cpu-ab.sh measures the whole server).
# BENCH=order-sign (default): the 131 order-sign calls of the `bench replay` cohort (40 Synthea patients, seed 1),
# WARM (default 3000) untimed, then CALLS (default 1500) timed.
# BENCH=note: one patient-view call with a 2 KB note (NOTE=en|zh), the request built as
# bench/scripts/cpu-per-call-note.sh builds it, knowledge graph on, model off; WARM default 1500, CALLS 750.
# LIB_A / LIB_B: a build's app/target/lib directory (e.g. main's, built in a separate `git worktree`).
# JFR=1: each run also writes a Java Flight Recording (settings=profile) to OUTDIR/BENCH-ROUND-BUILD.jfr; read it with
# `jfr print --events jdk.ExecutionSample FILE` or bench/scripts/jfr-top.sh FILE (hot frames of the calling thread).
# SAME_CARDS=1: each run also keeps its answers to the distinct calls (OUTDIR/BENCH-ROUND-BUILD.responses) and the
# script compares A's and B's cards call by call (bench/scripts/same-cards.py; uuids and times left out).
# Usage: [ROUNDS=3] [BENCH=order-sign|note] [WARM=..] [CALLS=..] [JFR=1] bench/scripts/cpu-ab-inprocess.sh LIB_A LIB_B [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
A="$(realpath "$1")"; B="$(realpath "$2")"; OUT="${3:-$(mktemp -d)}"; ROUNDS="${ROUNDS:-3}"; BENCH="${BENCH:-order-sign}"
mkdir -p "$OUT"; OUT="$(realpath "$OUT")"
ARGS=(order-sign "${WARM:-3000}" "${CALLS:-1500}")
if [ "$BENCH" = note ]; then
  REQUEST_ONLY="$OUT/request.json" bench/scripts/cpu-per-call-note.sh
  ARGS=(note "$OUT/request.json" "${WARM:-1500}" "${CALLS:-750}")
fi
echo "bench=$BENCH rounds=$ROUNDS A=$A B=$B cpus=$(nproc) args=${ARGS[*]}" | tee -a "$OUT/summary.txt"
run() { # LIB ROUND BUILD
  local jfr=()
  [ -z "${JFR:-}" ] || jfr=("-XX:StartFlightRecording=filename=$OUT/$BENCH-$2-$3.jfr,settings=profile")
  local dump=()
  [ -z "${SAME_CARDS:-}" ] || dump=(env "DUMP_RESPONSES=$OUT/$BENCH-$2-$3.responses")
  "${dump[@]}" java -Xms1g -Xmx1g "${jfr[@]}" --source 17 -cp "$1/*" bench/scripts/InProcessCpu.source "${ARGS[@]}"
}
for R in $(seq 1 "$ROUNDS"); do
  echo "round $R starts; uptime: $(uptime)" | tee -a "$OUT/summary.txt"
  run "$A" "$R" A > "$OUT/$BENCH-$R-A.txt" 2>&1 &
  PA=$!
  # two in-process knowledge graphs at once failed (a Bolt connection timeout): with the graph, one after the other
  if [ "$BENCH" = note ]; then wait $PA || true; fi
  run "$B" "$R" B > "$OUT/$BENCH-$R-B.txt" 2>&1 &
  PB=$!
  wait $PA || echo "round $R: A failed (see $OUT/$BENCH-$R-A.txt)"
  wait $PB || echo "round $R: B failed (see $OUT/$BENCH-$R-B.txt)"
  for BUILD in A B; do
    echo "round=$R build=$BUILD $(grep -h "^mode=\|^thread_cpu" "$OUT/$BENCH-$R-$BUILD.txt" | tr '\n' ' ')" \
      | tee -a "$OUT/summary.txt"
  done
done
if [ -n "${SAME_CARDS:-}" ]; then # the cards of A and B, call by call, ids and times left out
  for R in $(seq 1 "$ROUNDS"); do
    python3 bench/scripts/same-cards.py "$OUT/$BENCH-$R-A.responses" "$OUT/$BENCH-$R-B.responses" \
      | sed "s/^/round $R: /" | tee -a "$OUT/summary.txt"
  done
fi
python3 bench/scripts/ab-median.py "$OUT/summary.txt" thread_cpu_ms_per_call
