"""Medians per build of an A/B summary (bench/scripts/cpu-ab.sh, cpu-ab-inprocess.sh): lines with build=A|B and
FIELD=<number>. Usage: python3 bench/scripts/ab-median.py SUMMARY FIELD"""
import re
import statistics
import sys

summary, field = sys.argv[1], sys.argv[2]
runs = {"A": [], "B": []}
for line in open(summary):
    m = re.search(r"build=(\w) .*" + re.escape(field) + r"=([0-9.]+)", line)
    if m:
        runs[m.group(1)].append(float(m.group(2)))
for build, values in runs.items():
    if values:
        print(f"build {build}: median {field} {statistics.median(values):.2f} over {len(values)} runs: "
              + ", ".join(f"{x:.2f}" for x in values))
if runs["A"] and runs["B"]:
    print(f"B/A (medians): {statistics.median(runs['B']) / statistics.median(runs['A']):.2f}")
