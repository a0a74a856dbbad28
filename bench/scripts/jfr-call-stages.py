#!/usr/bin/env python3
"""Where a hook call's CPU goes, from a JFR recording of bench/scripts/InProcessCpu.source (issue 21).

Takes the execution samples of the calling thread ("main") that lie inside CdsHooksApi.call, keeps the last part of
them (the timed calls; --from 0.5 = the second half), and gives each sample the stage of its deepest matching frame;
with --under FRAME it lists instead the methods (inclusive share of all call samples) below that frame.
Record with, e.g.:
  java -Xms1g -Xmx1g -XX:StartFlightRecording=settings=profile,filename=/tmp/os.jfr,dumponexit=true \
    --source 17 -cp "app/target/lib/*" bench/scripts/InProcessCpu.source order-sign 5000 5000
  (patient-view with a note: JFR=1 BENCH=note bench/scripts/cpu-ab-inprocess.sh ... writes OUTDIR/note-R-B.jfr)
Usage: jfr-call-stages.py FILE.jfr [--from 0.5] [--under FRAME] [--top 30]
"""
import argparse, collections, re, subprocess

STAGES = [("request JSON (CdsJson.parseRequest)", "CdsJson.parseRequest"),
          ("decision draft (SHA-256 of the body)", "DecisionDraft.<init>"),
          ("prefetch: HAPI and the tree", "PrefetchResolver.resolve"),
          ("prefetch: ObservationReader", "ObservationReader.read("),
          ("facts: FHIR mapping", "FhirFacts.map("),
          ("rules: FactBuilder", "FactBuilder.build"),
          ("rules: Drools", "StatelessKnowledgeSessionImpl.execute"),
          ("rules: findings and texts", "CompiledRuleSet.evaluate"),
          ("cards: attention", "CardAttention."),
          ("cards: RuleCards", "RuleCards.issue"),
          ("decision record", "CdsHooksApi.recorded"),
          ("record/metrics notes", "CdsHooksApi.note"),
          # patient-view with a note (the differential): the note, the graph, the explanation and its veto
          ("note: read the visit", "VisitReader.read("),
          ("note: de-identification", "Deidentifier.deidentify("),
          ("note: analysis", "Analyzer.analyze("),
          ("graph: findingsFor", "KnowledgeGraph.findingsFor("),
          ("graph: rank", "KnowledgeGraph.rank("),
          ("explanation: evidence-only explainer", "EvidenceOnlyExplainer.explain("),
          ("explanation review (other)", "ExplanationReview.review("),
          ("explanation: claim extraction", "ClaimExtractor.extract("),
          ("explanation: veto", "VetoEngine.review("),
          ("explanation: filter", "ExplanationFilter.apply(")]

a = argparse.ArgumentParser()
a.add_argument("jfr"); a.add_argument("--from", dest="frac", type=float, default=0.5)
a.add_argument("--under"); a.add_argument("--top", type=int, default=30)
args = a.parse_args()
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "300", args.jfr],
                     capture_output=True, text=True, check=True).stdout
samples = []
for block in out.split("jdk.ExecutionSample {")[1:]:
    if 'sampledThread = "main"' not in block:
        continue
    t = re.search(r"startTime = (\d+):(\d+):(\d+)\.(\d+)", block)
    at = int(t.group(1)) * 3600 + int(t.group(2)) * 60 + int(t.group(3)) + float("0." + t.group(4))
    trace = block.split("stackTrace = [", 1)[1].split("]\n", 1)[0]
    frames = [re.sub(r"\s+line:.*", "", l.strip()) for l in trace.strip().splitlines()
              if l.strip() and l.strip() != "..."]
    if any("CdsHooksApi.call(" in f for f in frames):
        samples.append((at, frames))
samples.sort(key=lambda s: s[0])
samples = samples[int(len(samples) * args.frac):]
n = len(samples)
print(f"samples inside CdsHooksApi.call: {n} (the last {100 * (1 - args.frac):.0f}% of the recording's)")
if args.under:
    inclusive = collections.Counter()
    for _, frames in samples:
        at = [i for i, f in enumerate(frames) if args.under in f]
        if at:
            for f in set(frames[:max(at) + 1]):
                inclusive[f] += 1
    for f, c in inclusive.most_common(args.top):
        print(f"{100 * c / n:5.1f}% {f}")
else:
    stages = collections.Counter()
    for _, frames in samples:
        root_first = frames[::-1]
        name, depth = "other", -1
        for label, key in STAGES:
            for i, f in enumerate(root_first):
                if key in f and i > depth:
                    name, depth = label, i
        stages[name] += 1
    for s, c in stages.most_common():
        print(f"{100 * c / n:5.1f}% {s}")
