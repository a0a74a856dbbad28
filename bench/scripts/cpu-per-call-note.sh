#!/usr/bin/env bash
# Server CPU per realistic patient-view call with a 2 KB clinical note (issue 21, item 1), model off: starts
# `java -jar JAR serve` WITH the knowledge graph (the differential reads the note only when the graph is up), the
# evidence-only explainer (DXGUARD_LLM_EMBEDDED=off), admission off (--max-concurrent-calls 0) and a generated ES384
# key; builds one patient-view request from the `bench replay` Synthea cohort (40 patients, seed 1): the first
# patient (by file name) with at least 200 Observations, its prefetch as the differential's templates ask (Patient,
# active Conditions, the 200 latest Observations, active MedicationRequests, active allergies, dialysis procedures,
# the 5 latest Encounters) plus one current DocumentReference carrying the 2 KB note inline (NOTE=en: clinical-text's
# bench-en-2k.txt, NOTE=zh: bench-zh-2k.txt; base64, text/plain). Checks once that the answer holds the differential
# card, then sends WARM_CALLS untimed calls (closed loop, CLIENTS clients), then CALLS timed ones, and reads the
# service's user + system CPU from /proc over the timed calls only. Prints calls/s, p50/p99 and ms of CPU per call.
# JAR defaults to this checkout's app/target/dxguard.jar; pass another build's jar (its lib/ beside it) to compare.
# REQUEST_ONLY=FILE: only write the request to FILE (bench/scripts/cpu-ab-inprocess.sh uses it) and stop.
# Usage: [NOTE=en|zh] [CLIENTS=4] [WARM_CALLS=6000] [CALLS=3000] bench/scripts/cpu-per-call-note.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR="$(realpath "${1:-app/target/dxguard.jar}")"
NOTE="${NOTE:-en}"; CLIENTS="${CLIENTS:-4}"; WARM_CALLS="${WARM_CALLS:-6000}"; CALLS="${CALLS:-3000}"
PORT="${DXGUARD_BENCH_PORT:-18085}"; DATA="$(mktemp -d)"
bin/dxguard --version >/dev/null            # builds this checkout's jar (the load tool) if needed
export DXGUARD_SKIP_BUILD=1
bin/dxguard bench replay --prepare-only --alg ES384 --cohort 40 --seed 1 \
  --trusted-ehrs-out "$DATA/trusted-ehrs.json" --key-out "$DATA/bench.pem" >/dev/null
COHORT_DIR="${COHORT_DIR:-/tmp/dxguard-bench/synthea/seed-1-n-40/fhir}"
python3 - "$COHORT_DIR" "clinical-text/src/test/resources/fixtures/notes/bench-$NOTE-2k.txt" "$DATA/request.json" <<'PY'
import base64, datetime, glob, json, sys
cohort, note_file, out = sys.argv[1:4]
for path in sorted(glob.glob(cohort + "/*.json")):
    entries = [e["resource"] for e in json.load(open(path))["entry"]]
    if sum(r["resourceType"] == "Observation" for r in entries) >= 200:
        break
else:
    sys.exit("no cohort patient with 200 Observations under " + cohort)
patient = next(r for r in entries if r["resourceType"] == "Patient")
def of(kind, keep=lambda r: True):
    return [r for r in entries if r["resourceType"] == kind and keep(r)]
def bundle(resources):
    return {"resourceType": "Bundle", "type": "searchset", "total": len(resources),
            "entry": [{"fullUrl": "urn:uuid:" + r["id"], "resource": r, "search": {"mode": "match"}} for r in resources]}
def status(r, field, ok):
    return any(c.get("code") in ok for c in r.get(field, {}).get("coding", []))
date = lambda r: r.get("effectiveDateTime") or r.get("effectivePeriod", {}).get("start") or r.get("issued", "")
observations = sorted(of("Observation"), key=date, reverse=True)[:200]
encounters = sorted(of("Encounter"), key=lambda r: r.get("period", {}).get("start", ""), reverse=True)[:5]
dialysis = {"265764009", "302497006", "71192002", "108241001", "68341005", "238318009", "70536003", "161665007"}  # FhirFacts.procedureCodesRead()
note = open(note_file, encoding="utf-8").read()
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
document = {"resourceType": "DocumentReference", "id": "bench-note-1", "status": "current",
            "type": {"coding": [{"system": "http://loinc.org", "code": "34117-2", "display": "History and physical note"}]},
            "subject": {"reference": "Patient/" + patient["id"]}, "date": now,
            "content": [{"attachment": {"contentType": "text/plain; charset=utf-8",
                                        "data": base64.b64encode(note.encode("utf-8")).decode()}}]}
request = {"hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "hook": "patient-view",
           "context": {"userId": "Practitioner/bench", "patientId": patient["id"]},
           "prefetch": {"patient": patient,
                        "conditions": bundle(of("Condition", lambda r: status(r, "clinicalStatus", {"active", "recurrence", "relapse"}))),
                        "observations": bundle(observations),
                        "medications": bundle(of("MedicationRequest", lambda r: r.get("status") in ("active", "on-hold"))),
                        "allergies": bundle(of("AllergyIntolerance", lambda r: status(r, "clinicalStatus", {"active"}))),
                        "procedures": bundle(of("Procedure", lambda r: status(r, "code", dialysis))),
                        "notes": bundle([document]), "reports": bundle([]), "encounters": bundle(encounters)}}
json.dump(request, open(out, "w"), ensure_ascii=False)
p = request["prefetch"]
print(f"request: {sum(len(v['entry']) for k, v in p.items() if k != 'patient') + 1} resources, "
      f"{len(json.dumps(request, ensure_ascii=False).encode()) // 1024} KB, note {len(note.encode())} bytes ({note_file})")
PY
if [ -n "${REQUEST_ONLY:-}" ]; then cp "$DATA/request.json" "$REQUEST_ONLY"; rm -rf "$DATA"; exit 0; fi
DXGUARD_LLM_EMBEDDED=off java -Xms1g -Xmx1g -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/data" \
  --trusted-ehrs "$DATA/trusted-ehrs.json" --max-concurrent-calls 0 > "$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 900); do grep -q "knowledge graph ready\|knowledge graph failed" "$DATA/serve.log" && break; sleep 1; done
grep -q "knowledge graph ready" "$DATA/serve.log" || { echo "graph not ready:"; tail -20 "$DATA/serve.log"; exit 1; }
T="http://127.0.0.1:$PORT/cds-services/dxguard-differential"
TOKEN=$(bin/dxguard token --key "$DATA/bench.pem" --kid dxguard-bench --iss https://bench.dxguard.local --aud "$T")
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @"$DATA/request.json" "$T" \
  | python3 -c "import json,sys; c=json.load(sys.stdin)['cards']; print('cards:', [x['summary'][:70] for x in c]); sys.exit(0 if c else 'no differential card: the note was not ranked')"
call() {
  bin/dxguard bench call --target "$T" --request "$DATA/request.json" --key "$DATA/bench.pem" --kid dxguard-bench \
    --iss https://bench.dxguard.local --concurrency "$CLIENTS" --warmup 1 "$@"
}
call --requests "$WARM_CALLS" > /dev/null
echo "jar=$JAR note=$NOTE clients=$CLIENTS uptime: $(uptime)"
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
T0=$(ticks)
call --requests "$CALLS" > "$DATA/run.txt"
T1=$(ticks)
grep -E "^(requests_per_second|latency_ms_p50|latency_ms_p99|status_[0-9]+)=" "$DATA/run.txt" | tr '\n' ' '; echo
echo "server_cpu_ms_per_call=$(echo "scale=2; ($T1 - $T0) * 1000 / $(getconf CLK_TCK) / ($CALLS + 1)" | bc)"
