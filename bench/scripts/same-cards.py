#!/usr/bin/env python3
"""Compares the cards of two builds' answers to the same calls (issue 21: an optimisation must not change a card).

Each file holds one CDS Hooks response per line (InProcessCpu.source with DUMP_RESPONSES=FILE). Card uuids, links
with a hookInstance, and ISO times are left out, since they differ from call to call by design.
Usage: same-cards.py A.responses B.responses   (exit 1 and the first difference when they differ)
"""
import json, re, sys

VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                      r"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def cards(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(VOLATILE.sub("*", json.dumps(json.loads(line).get("cards", []), sort_keys=True,
                                                        ensure_ascii=False)))
    return out


a, b = cards(sys.argv[1]), cards(sys.argv[2])
if len(a) != len(b):
    sys.exit(f"different number of answers: {len(a)} vs {len(b)}")
for i, (x, y) in enumerate(zip(a, b)):
    if x != y:
        at = next(k for k in range(min(len(x), len(y))) if x[k] != y[k]) if x[:len(y)] != y[:len(x)] else min(len(x), len(y))
        print(f"call {i}: cards differ at character {at}:\n  A: ...{x[max(0, at - 80):at + 120]}\n"
              f"  B: ...{y[max(0, at - 80):at + 120]}")
        sys.exit(1)
print(f"same cards in all {len(a)} answers")
