#!/usr/bin/env bash
# Alert burden of two builds (issue 16): interruptive cards per 100 order-sign calls, the share that concern the
# order being signed (the independent oracle of the cohort study), repeats of the same card per patient.
# Builds the jar of BEFORE (a commit, e.g. the first parent of the i16-alerts merge) in a throwaway git worktree
# under TMPDIR, serves it and this checkout's jar side by side on loopback (no graph, evidence-only explainer, a
# fresh data directory each, the HL7 sandbox key trusted as `serve` does by default), and runs AlertBurdenIT
# against both over the same seeded Synthea cohort and the same calls (MIX=replay: the orders of `bench replay`,
# unrelated renewals too; MIX=cohort: the cohort study's). "Before" opens no chart (the older build has no
# medication review); "after" opens it first. Calls are sequential: one core's worth of load.
# The report is cds-hooks-service/target/cohort/alert-burden-<N>-<mix>-builds.md.
# BEFORE_JAR=path uses a jar already built from BEFORE_COMMIT (its lib/ beside it) instead of building one.
# BEFORE_REVIEW=true opens the chart (patient-view medication review) in the older build too: for a BEFORE that has
# the medication review (main since the i16-alerts merge), so that patient-view cards of both builds are compared.
# Usage: [PATIENTS=120] [MIX=replay] [BEFORE_JAR=...] [BEFORE_REVIEW=true] bench/scripts/alert-burden.sh BEFORE_COMMIT
#   e.g. bench/scripts/alert-burden.sh 1da846d^1   (main just before the i16-alerts merge: dff9ffd)
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE="${1:?usage: bench/scripts/alert-burden.sh BEFORE_COMMIT}"
PATIENTS="${PATIENTS:-120}"; MIX="${MIX:-replay}"
PORT_BEFORE="${DXGUARD_BENCH_PORT:-18091}"; PORT_AFTER=$((PORT_BEFORE + 1))
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dxguard-alert-burden.XXXXXX")"
SHA="$(git rev-parse --short "$BEFORE")"; NOW="$(git rev-parse --short HEAD)"
bin/dxguard --version >/dev/null            # builds this checkout's jar if needed
if [ -z "${BEFORE_JAR:-}" ]; then
  git worktree add --detach "$WORK/before" "$SHA" >/dev/null
  (cd "$WORK/before" && ./mvnw -o -q -B -DskipTests -Dmaven.test.skip=true package -pl app -am)
  BEFORE_JAR="$WORK/before/app/target/dxguard.jar"
fi
PIDS=()
cleanup() {
  set +e   # a killed server's wait returns non-zero: clean up everything anyway
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -d "$WORK/before" ] && git worktree remove --force "$WORK/before" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
serve() { # JAR PORT NAME
  DXGUARD_LLM_EMBEDDED=off java -Xms512m -Xmx1g -jar "$1" serve --host 127.0.0.1 --port "$2" \
    --data-dir "$WORK/data-$3" --no-graph > "$WORK/serve-$3.log" 2>&1 &
  PIDS+=($!)
}
serve "$BEFORE_JAR" "$PORT_BEFORE" before
serve app/target/dxguard.jar "$PORT_AFTER" after
for name_port in "before:$PORT_BEFORE" "after:$PORT_AFTER"; do
  name="${name_port%%:*}"; port="${name_port##*:}"
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 \
    || { echo "$name did not get ready:"; tail -20 "$WORK/serve-$name.log"; exit 1; }
done
echo "before=$SHA after=$NOW patients=$PATIENTS mix=$MIX cpus=$(nproc); uptime: $(uptime)"
./mvnw -o -B -q -pl cds-hooks-service -am verify -Ddxguard.burden="$PATIENTS" -Ddxguard.burden.mix="$MIX" \
  -Ddxguard.burden.before="http://127.0.0.1:$PORT_BEFORE" -Ddxguard.burden.before.label="$SHA" \
  -Ddxguard.burden.before.review="${BEFORE_REVIEW:-false}" \
  -Ddxguard.burden.after="http://127.0.0.1:$PORT_AFTER" -Ddxguard.burden.after.label="$NOW" \
  -Dit.test=AlertBurdenIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
echo "== done; uptime: $(uptime)"
SUFFIX=""; [ "$MIX" = cohort ] || SUFFIX="-$MIX"
cat "cds-hooks-service/target/cohort/alert-burden-$PATIENTS$SUFFIX-builds.md"
