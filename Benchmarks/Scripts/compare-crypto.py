#!/usr/bin/env python3
"""Runs the CryptoBenchmarks target and `openssl speed` back to back on this
machine and prints a Markdown table of ConsentKit's throughput, OpenSSL's and
their ratio, for Docs/Benchmarks.md.

Usage (from the Benchmarks folder):  python3 Scripts/compare-crypto.py
Both sides run single-threaded; OpenSSL uses whatever CPU instructions it
detects (SHA-NI, AES-NI, AVX2), ConsentKit is portable Swift.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ConsentKit benchmark name -> (bytes per operation, openssl speed arguments, openssl block size)
ROWS = [
    ("SHA-256 64 B", 64, ["-evp", "sha256"], 64),
    ("SHA-256 1 MiB", 1 << 20, ["-evp", "sha256"], 1 << 20),
    ("HMAC-SHA256 32 B, prepared key", 32, ["-hmac", "sha256"], 32),
    ("ChaCha20-Poly1305 seal 1 KiB", 1024, ["-evp", "chacha20-poly1305"], 1024),
    ("ChaCha20 keystream 1 MiB", 1 << 20, ["-evp", "chacha20"], 16384),
    ("AES-128 one block", 16, ["-evp", "aes-128-ecb"], 16),
    ("AES-128 1 KiB of blocks (4 per pass)", 1024, ["-evp", "aes-128-ecb"], 1024),
    ("AES-256 one block", 16, ["-evp", "aes-256-ecb"], 16),
    ("AES-256 1 KiB of blocks (4 per pass)", 1024, ["-evp", "aes-256-ecb"], 1024),
    ("HKDF-SHA256 32 B output", 0, None, 0),
]


def consentkit_results():
    """Median throughput (operations per second) per benchmark."""
    out = tempfile.mkdtemp(prefix="consentkit-bench-")
    subprocess.run(
        ["swift", "package", "--allow-writing-to-package-directory", "benchmark",
         "--target", "CryptoBenchmarks", "--format", "jmh", "--path", out, "--no-progress"],
        cwd=PACKAGE, check=True, stdout=sys.stderr)
    results = {}
    for path in glob.glob(os.path.join(out, "**", "*.json"), recursive=True):
        for element in json.load(open(path)):
            name = element["benchmark"].split(".", 3)[-1]
            name = name.split(".", 1)[-1].replace("_", " ")
            results[name] = element["primaryMetric"]["scorePercentiles"]["50.0"]
    return results


def openssl_rate(arguments, block):
    """Bytes per second for one block size, single process, 3 seconds."""
    completed = subprocess.run(
        ["openssl", "speed", "-seconds", "3", "-bytes", str(block), *arguments],
        capture_output=True, text=True, check=True)
    # The last line is "<algorithm>  <N>k"; the figure is in 1000s of bytes per second.
    figure = completed.stdout.strip().splitlines()[-1].split()[-1]
    match = re.match(r"([0-9.]+)k", figure)
    if not match:
        raise SystemExit(f"cannot read openssl output: {completed.stdout!r}")
    return float(match.group(1)) * 1000


def human(rate_bytes, ops):
    if rate_bytes >= 1e6 and ops and ops < 1e5:
        return f"{rate_bytes / 1e6:,.0f} MB/s"
    return f"{ops / 1e6:,.2f} M ops/s ({rate_bytes / 1e6:,.0f} MB/s)" if rate_bytes else f"{ops / 1e3:,.0f} k ops/s"


def main():
    ours = consentkit_results()
    print(f"openssl: {subprocess.run(['openssl', 'version'], capture_output=True, text=True).stdout.strip()}")
    print()
    print("| operation | ConsentKit (portable Swift) | OpenSSL | ConsentKit / OpenSSL |")
    print("| --- | ---: | ---: | ---: |")
    for name, size, arguments, block in ROWS:
        ops = ours.get(name)
        if ops is None:
            print(f"| {name} | (missing) | | |")
            continue
        if arguments is None:
            print(f"| {name} | {ops / 1e3:,.0f} k ops/s | n/a | |")
            continue
        peer_bytes = openssl_rate(arguments, block)
        peer_ops = peer_bytes / size
        print(f"| {name} | {human(ops * size, ops)} | {human(peer_bytes, peer_ops)} | {ops / peer_ops:.2f} |")


if __name__ == "__main__":
    main()
