#!/usr/bin/env python3
"""Decodes the same official IAB TC strings with ConsentKit (ConsentKitCoreBenchmarks)
and with the PyPI peer `iab-tcf` 0.2.2, back to back, and prints a Markdown table
with the ratio, for Docs/Benchmarks.md.

Usage (from the Benchmarks folder):
    bash Scripts/setup-python-peers.sh      # once: creates .venv with iab-tcf
    python3 Scripts/compare-tcf.py
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(PACKAGE, "..", "Tests", "ConsentKitCoreTests", "Vectors", "tcf", "iab-test-strings.json")
VENV_PYTHON = os.path.join(PACKAGE, ".venv", "bin", "python")

# Vector index in iab-test-strings.json -> ConsentKit benchmark name.
ROWS = [
    (23, "TC string decode, ranges + disclosed + publisher TC (335 chars)"),
    (16, "TC string decode, bit fields + 434 disclosed (215 chars)"),
]

PEER = r"""
import iab_tcf, json, sys, timeit
strings = json.loads(sys.argv[1])
out = {}
for index, s in strings.items():
    iab_tcf.decode(s)
    best = 0.0
    for _ in range(5):
        n = 2000
        best = max(best, n / timeit.timeit(lambda: iab_tcf.decode(s), number=n))
    out[index] = best
print(json.dumps(out))
"""


def consentkit_results():
    out = tempfile.mkdtemp(prefix="consentkit-tcf-")
    subprocess.run(
        ["swift", "package", "--allow-writing-to-package-directory", "benchmark",
         "--target", "ConsentKitCoreBenchmarks", "--filter", "TC string decode.*",
         "--format", "jmh", "--path", out, "--no-progress"],
        cwd=PACKAGE, check=True, stdout=sys.stderr)
    results = {}
    for path in glob.glob(os.path.join(out, "**", "*.json"), recursive=True):
        for element in json.load(open(path)):
            name = element["benchmark"].split(".", 3)[-1].split(".", 1)[-1].replace("_", " ")
            # Benchmarks use scalingFactor .kilo: the throughput figure is in thousands per second.
            results[name] = element["primaryMetric"]["scorePercentiles"]["50.0"] * 1000
    return results


def main():
    if not os.path.exists(VENV_PYTHON):
        raise SystemExit("run Scripts/setup-python-peers.sh first")
    vectors = json.load(open(VECTORS))
    strings = {str(index): vectors[index]["tcString"] for index, _ in ROWS}
    ours = consentkit_results()
    peer = json.loads(subprocess.run([VENV_PYTHON, "-c", PEER, json.dumps(strings)],
                                     capture_output=True, text=True, check=True).stdout)
    print("| TC string (official vector) | ConsentKit decodes/s | iab-tcf 0.2.2 decodes/s | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for index, name in ROWS:
        mine = ours.get(name)
        theirs = peer[str(index)]
        if mine is None:
            print(f"| {name} | (missing) | {theirs:,.0f} | |")
            continue
        print(f"| vector {index}: {name.split(', ', 1)[1]} | {mine:,.0f} | {theirs:,.0f} | {mine / theirs:,.0f}× |")


if __name__ == "__main__":
    main()
