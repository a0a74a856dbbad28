#!/usr/bin/env bash
# A/B of server CPU per realistic call between two builds (issue 21, item 1), interleaved A, B, A, B, ... ROUNDS
# times (default 3), each run on a fresh `serve`, so that a change in the machine's load hits both builds alike.
# BENCH=order-sign (default): bench/scripts/cpu-per-call.sh (the `bench replay` cohort, 40 Synthea patients, seed 1,
# 16 closed-loop clients, 80 s warm-up, 30 s measured, no graph, admission off);
# BENCH=note: bench/scripts/cpu-per-call-note.sh (patient-view with a 2 KB note, graph on, model off).
# JAR_A / JAR_B: application jars with their lib/ beside them, e.g. A built from main in a separate `git worktree`
# (cd /work/tmp-base && ./mvnw -q -o -DskipTests -Dmaven.test.skip=true package -pl app -am) and B this checkout's.
# Prints one line per run (build, uptime before it, CPU per call, calls/s) and, at the end, the median per build.
# The load tool runs on the same cores: on a busy machine only the comparison within a round means anything.
# Usage: [ROUNDS=3] [BENCH=order-sign|note] bench/scripts/cpu-ab.sh JAR_A JAR_B [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
A="$(realpath "$1")"; B="$(realpath "$2")"; OUT="${3:-$(mktemp -d)}"; ROUNDS="${ROUNDS:-3}"; BENCH="${BENCH:-order-sign}"
mkdir -p "$OUT"
bin/dxguard --version >/dev/null            # builds this checkout's jar (the load tool) once, before any run
export DXGUARD_SKIP_BUILD=1
case "$BENCH" in
  order-sign) SCRIPT=bench/scripts/cpu-per-call.sh ;;
  note) SCRIPT=bench/scripts/cpu-per-call-note.sh ;;
  *) echo "BENCH is order-sign or note" >&2; exit 2 ;;
esac
echo "bench=$BENCH rounds=$ROUNDS A=$A B=$B cpus=$(nproc) out=$OUT"
for R in $(seq 1 "$ROUNDS"); do
  for BUILD in A B; do
    JAR=$A; [ "$BUILD" = B ] && JAR=$B
    LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
    "$SCRIPT" "$JAR" > "$OUT/$BENCH-$R-$BUILD.txt" 2>&1 || echo "run $R $BUILD failed (see $OUT/$BENCH-$R-$BUILD.txt)"
    CPU=$(grep -o "server_cpu_ms_per_call=[0-9.]*" "$OUT/$BENCH-$R-$BUILD.txt" | cut -d= -f2 || true)
    RATE=$(grep -oE "(calls_per_second|requests_per_second)=[0-9.]*" "$OUT/$BENCH-$R-$BUILD.txt" | cut -d= -f2 || true)
    echo "round=$R build=$BUILD load_before=\"$LOAD\" load_after=\"$(cut -d' ' -f1-3 /proc/loadavg)\" server_cpu_ms_per_call=${CPU:-?} calls_per_second=${RATE:-?}" \
      | tee -a "$OUT/summary.txt"
  done
done
python3 bench/scripts/ab-median.py "$OUT/summary.txt" server_cpu_ms_per_call
