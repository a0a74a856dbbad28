#!/usr/bin/env bash
# Where a Java Flight Recording's CPU samples go (issue 21): reads jdk.ExecutionSample events (`jfr print`, JDK 17)
# of one thread (THREAD, default main: the calling thread of bench/scripts/InProcessCpu.source) and prints
#  - "self": the methods the samples were in (top frame), as % of the thread's samples;
#  - "total": every method on the sampled stacks (each counted once per sample), as % of the thread's samples,
#    only frames matching FILTER (a Python regex, default org\.dxguard) unless FILTER is empty.
# Also prints the threads with the most samples, so a busy background thread (JIT, GC, a warm-up) shows.
# SINCE=HH:MM:SS keeps only the samples taken from then on (e.g. the first timed call's time in the run's log), so
# that start-up, the graph import and warm-up do not count.
# Usage: [THREAD=main] [TOP=25] [DEPTH=96] [FILTER='org\.dxguard'] [SINCE=HH:MM:SS] bench/scripts/jfr-top.sh FILE.jfr
set -euo pipefail
FILE="$1"
jfr print --events jdk.ExecutionSample --stack-depth "${DEPTH:-96}" "$FILE" | python3 -c '
import collections, os, re, sys
thread = os.environ.get("THREAD", "main"); top = int(os.environ.get("TOP", "25"))
flt = os.environ.get("FILTER", r"org\.dxguard"); flt = re.compile(flt) if flt else None
since = os.environ.get("SINCE", "")
threads = collections.Counter(); selfc = collections.Counter(); total = collections.Counter(); n = 0
def flush(ev):
    global n
    if not ev: return
    if since and ev.get("time", "") < since: return
    t = ev.get("thread", "?"); threads[t] += 1
    if t != thread: return
    n += 1
    frames = ev["frames"]
    if frames: selfc[frames[0]] += 1
    for f in set(frames):
        if flt is None or flt.search(f): total[f] += 1
ev = None; in_stack = False
for line in sys.stdin:
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        flush(ev); ev = {"frames": []}; in_stack = False
    elif ev is None:
        continue
    elif s.startswith("startTime"):
        m = re.search(r"(\d\d:\d\d:\d\d)", s); ev["time"] = m.group(1) if m else ""
    elif s.startswith("sampledThread"):
        m = re.search(r"\"(.*)\"", s); ev["thread"] = m.group(1) if m else s
    elif s.startswith("stackTrace"):
        in_stack = True
    elif in_stack and s and s not in ("]", "...", "}"):
        ev["frames"].append(re.sub(r"\s+line:.*$", "", s))
flush(ev)
print("samples by thread:", ", ".join(f"{t}={c}" for t, c in threads.most_common(8)))
print(f"thread {thread}: {n} samples")
if n:
    print("-- self (top frame) --")
    for f, c in selfc.most_common(top): print(f"{100*c/n:6.1f}%  {f}")
    print("-- total (on the stack) --")
    for f, c in total.most_common(top): print(f"{100*c/n:6.1f}%  {f}")
'
