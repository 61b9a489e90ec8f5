#!/usr/bin/env python3
"""Runs the MaskingBenchmarks target and its peers back to back on this machine
and prints Markdown tables of rates and ratios (ConsentKit / peer) for
Docs/Benchmarks.md:

- FF1, 16-digit numbers: the PyPI `fpe` package (NIST SP 800-38G FF1, AES-128)
  on the same key, tweak and input as "FF1 encrypt, 16 digits, AES-128".
  Before it is timed, the peer must reproduce the NIST FF1 samples the
  project's tests use (Tests/MaskingTests/Vectors/ff1/), or the script stops.
- Two given spans per text: Presidio's AnonymizerEngine, handed the two
  RecognizerResult spans (an email and a phone number) of one text, against
  ConsentKit masking the same two values.
- Keyed pseudonym of a 32-byte value: OpenSSL HMAC-SHA256 of 32 and 64 bytes
  (`openssl speed -hmac sha256`), the primitive under the pseudonym.

Usage (from the Benchmarks folder):
    bash Scripts/setup-masking-peers.sh    # once: creates .venv-masking (Python 3.10)
    python3 Scripts/compare-masking.py

Everything runs single-threaded. ConsentKit's figures are the median of the
benchmark run and its fastest sample (a steadier figure when other work
shares the cores); the Python peers' are the best of five timed batches. The
ratios and targets use ConsentKit's median, which favours the peers.
"""
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FF1_VECTORS = os.path.join(PACKAGE, "..", "Tests", "MaskingTests", "Vectors", "ff1", "nist-sp800-38g-ff1-samples.json")
VENV_PYTHON = os.path.join(PACKAGE, ".venv-masking", "bin", "python")
TARGET = "MaskingBenchmarks"
# Every masking benchmark uses scalingFactor .kilo: one measurement covers
# 1,000 operations, so the throughput is in thousands per second and the
# malloc count is per 1,000 operations.
SCALE = 1000

# Shared with Benchmarks/MaskingBenchmarks/FF1Benchmarks.swift.
FF1_KEY = bytes(range(16))
FF1_TWEAK = b"acme/payment.card"
FF1_CARD = "4111111111111111"

# Shared with Benchmarks/MaskingBenchmarks/SpanBenchmarks.swift: the two
# values ConsentKit masks are the two spans Presidio is handed.
SPAN_EMAIL = "jane.doe@example.com"
SPAN_PHONE = "+1 415 555 0132"
SPAN_TEXT = f"Contact {SPAN_EMAIL} or {SPAN_PHONE} about order 8812."

# Benchmark names in MaskingBenchmarks.
OURS_FF1 = "FF1 encrypt, 16 digits, AES-128"
OURS_FF1_NUMERALS = "FF1 encrypt, 16 numerals (no text conversion), AES-128"
OURS_PSEUDONYM = "Keyed pseudonym, 32-byte value"
OURS_SPANS = "Two values (email, phone), 2-field record through MaskingPlan"
OURS_SPANS_MASKER = "Two values (email, phone), 2-field record through Masker.mask"
OURS_SPANS_DIRECT = "Two values (email, phone), strategies applied directly"
OURS_RECORD = "Record masking, 20-field plan"

PEER = r"""
import importlib.metadata, json, sys, timeit
from FPE import FPE, Format, Mode, ff1
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

config = json.loads(sys.argv[1])


def best_rate(call, number):
    call()
    return max(number / timeit.timeit(call, number=number) for _ in range(5))


# The FF1 peer must reproduce NIST SP 800-38G's samples before it is timed.
nist = []
for sample in json.load(open(config["vectors"])):
    alphabet = sample["alphabet"]
    numerals = [alphabet.index(c) for c in sample["plaintext"]]
    out = ff1.encrypt(numerals, bytes.fromhex(sample["key"]), bytes.fromhex(sample["tweak"]), sample["radix"])
    nist.append({"sample": sample["sample"], "ok": "".join(alphabet[n] for n in out) == sample["ciphertext"]})

key = bytes.fromhex(config["ff1_key"])
tweak = config["ff1_tweak"].encode()
card = config["ff1_card"]
cipher = FPE.New(key, tweak, Mode.FF1)
encrypted = cipher.encrypt(card, Format.DIGITS)
assert cipher.decrypt(encrypted, Format.DIGITS) == card
card_numerals = [int(c) for c in card]
ff1_text = best_rate(lambda: cipher.encrypt(card, Format.DIGITS), 2000)
ff1_numerals = best_rate(lambda: ff1.encrypt(card_numerals, key, tweak, 10), 2000)

text, email, phone = config["span_text"], config["span_email"], config["span_phone"]
e, p = text.index(email), text.index(phone)
spans = [RecognizerResult("EMAIL_ADDRESS", e, e + len(email), 1.0),
         RecognizerResult("PHONE_NUMBER", p, p + len(phone), 1.0)]
local_part = email.index("@")
operators = {
    # Hide the local part, keep the domain: ConsentKit's email strategy.
    "EMAIL_ADDRESS": OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": local_part, "from_end": False}),
    # Keep the last four digits: ConsentKit's partial mask.
    "PHONE_NUMBER": OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": len(phone) - 4, "from_end": False}),
}
engine = AnonymizerEngine()
masked = engine.anonymize(text=text, analyzer_results=spans, operators=operators).text
presidio = best_rate(lambda: engine.anonymize(text=text, analyzer_results=spans, operators=operators), 5000)

print(json.dumps({
    "python": sys.version.split()[0],
    "versions": {name: importlib.metadata.version(name) for name in ("fpe", "presidio-anonymizer")},
    "nist": nist,
    "ff1_ciphertext": encrypted,
    "ff1_text": ff1_text,
    "ff1_numerals": ff1_numerals,
    "presidio_output": masked,
    "presidio": presidio,
}))
"""


def benchmark_name(element):
    prefix = f"package.benchmark.{TARGET}."
    name = element["benchmark"]
    return (name[len(prefix):] if name.startswith(prefix) else name).replace("_", " ")


def consentkit_results():
    """Median and best operations per second and mallocs per operation, per benchmark."""
    with tempfile.TemporaryDirectory(prefix="consentkit-masking-") as out:
        completed = subprocess.run(
            ["swift", "package", "--allow-writing-to-package-directory", "benchmark",
             "--target", TARGET, "--format", "jmh", "--path", out, "--no-progress"],
            cwd=PACKAGE, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sys.stderr.write(completed.stdout)
        # A benchmark whose setup failed reports it and is left out of the export.
        failures = [line for line in completed.stdout.splitlines() if "setup failed" in line]
        if failures:
            raise SystemExit("MaskingBenchmarks setup failed:\n" + "\n".join(failures))
        results = {}
        for folder, _, files in os.walk(out):
            for file in files:
                if not file.endswith(".json"):
                    continue
                for element in json.load(open(os.path.join(folder, file))):
                    secondary = element.get("secondaryMetrics", {})
                    mallocs = secondary.get("Malloc (total)")
                    wall = secondary.get("Time (wall clock)")
                    # The wall clock is in µs per 1,000 operations, so its
                    # fastest sample in µs is the best time per operation in ns.
                    best = 1e9 / wall["scorePercentiles"]["0.0"] if wall else None
                    results[benchmark_name(element)] = (
                        element["primaryMetric"]["scorePercentiles"]["50.0"] * SCALE,
                        best,
                        mallocs["scorePercentiles"]["50.0"] / SCALE if mallocs else None,
                    )
    return results


def peer_results():
    config = {
        "vectors": FF1_VECTORS, "ff1_key": FF1_KEY.hex(), "ff1_tweak": FF1_TWEAK.decode(), "ff1_card": FF1_CARD,
        "span_text": SPAN_TEXT, "span_email": SPAN_EMAIL, "span_phone": SPAN_PHONE,
    }
    completed = subprocess.run([VENV_PYTHON, "-c", PEER, json.dumps(config)],
                               capture_output=True, text=True, cwd=tempfile.gettempdir())
    if completed.returncode != 0:
        raise SystemExit(f"the Python peers failed:\n{completed.stderr}")
    return json.loads(completed.stdout)


def openssl_hmac_rate(size):
    """HMAC-SHA256 operations per second on `size`-byte messages, one process, 3 seconds."""
    completed = subprocess.run(
        ["openssl", "speed", "-seconds", "3", "-bytes", str(size), "-hmac", "sha256"],
        capture_output=True, text=True, check=True)
    # The last line is "<algorithm>  <N>k"; the figure is in 1000s of bytes per second.
    figure = completed.stdout.strip().splitlines()[-1].split()[-1]
    match = re.match(r"([0-9.]+)k", figure)
    if not match:
        raise SystemExit(f"cannot read openssl output: {completed.stdout!r}")
    return float(match.group(1)) * 1000 / size


def rate(ops):
    return f"{ops / 1e6:,.2f} M/s" if ops >= 1e6 else f"{ops / 1e3:,.1f} k/s"


def timed(ops):
    """A rate with the time per operation, such as `1.82 M/s (549 ns)`."""
    nanoseconds = 1e9 / ops
    per = f"{nanoseconds:,.0f} ns" if nanoseconds < 1000 else f"{nanoseconds / 1000:,.2f} µs"
    return f"{rate(ops)} ({per})"


def allocations(mallocs):
    return "" if mallocs is None else f"{mallocs:,.1f}".removesuffix(".0")


def machine():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{model or platform.processor()}, {os.cpu_count()} cores, {platform.system()}; load average {load}"


def main():
    if not os.path.exists(VENV_PYTHON):
        raise SystemExit("run Scripts/setup-masking-peers.sh first")
    before = machine()
    print(f"machine: {before}", file=sys.stderr)
    ours = consentkit_results()
    peers = peer_results()
    failed = [entry["sample"] for entry in peers["nist"] if not entry["ok"]]
    if failed:
        raise SystemExit(f"fpe {peers['versions']['fpe']} does not reproduce NIST FF1 samples {failed}: not a valid peer")
    hmac32, hmac64 = openssl_hmac_rate(32), openssl_hmac_rate(64)
    openssl = " ".join(subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.split()[:2])
    fpe = f"fpe {peers['versions']['fpe']}"
    presidio = f"presidio-anonymizer {peers['versions']['presidio-anonymizer']}"

    print(f"machine: {before} (before the run); load average after: {machine().split('load average ')[1]}")
    print(f"peers: Python {peers['python']}, {fpe} (reproduces all {len(peers['nist'])} NIST SP 800-38G FF1 samples), "
          f"{presidio}, {openssl}")
    print(f"FF1 peer output for {FF1_CARD}: {peers['ff1_ciphertext']}; Presidio output: {peers['presidio_output']!r}")
    print()
    print("| operation | ConsentKit (median) | ConsentKit (best) | mallocs/op | peer | peer rate (best of 5) "
          "| ConsentKit median / peer | target (on the median) |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |")

    def row(label, name, peer, peer_ops, target=None):
        mine = ours.get(name)
        peer_text = rate(peer_ops) if peer_ops else "n/a"
        if mine is None:
            goal = f"≥ {rate(target)}" if target else ""
            print(f"| {label} | (not measured) | | | {peer} | {peer_text} | | {goal} |")
            return
        ops, best, mallocs = mine
        ratio = f"{ops / peer_ops:,.2f}×" if peer_ops else ""
        verdict = ""
        if target:
            verdict = f"≥ {rate(target)}: {'met' if ops >= target else f'not met (×{ops / target:.2f})'}"
        print(f"| {label} | {timed(ops)} | {rate(best) if best else ''} | {allocations(mallocs)} | {peer} | {peer_text} "
              f"| {ratio} | {verdict} |")

    row("FF1 encrypt, 16 digits, AES-128, text in and out", OURS_FF1, f"{fpe} `FPE.New(...).encrypt(text, DIGITS)`",
        peers["ff1_text"], 200_000)
    row("FF1 encrypt, 16 numerals, AES-128", OURS_FF1_NUMERALS, f"{fpe} `ff1.encrypt(numerals, ...)`",
        peers["ff1_numerals"])
    row("keyed pseudonym of a 32-byte value vs HMAC-SHA256 of 32 B", OURS_PSEUDONYM, f"{openssl} HMAC-SHA256 32 B",
        hmac32, 1_500_000)
    row("keyed pseudonym of a 32-byte value vs HMAC-SHA256 of 64 B", OURS_PSEUDONYM, f"{openssl} HMAC-SHA256 64 B",
        hmac64)
    row("email + phone, 2-field record through a compiled `MaskingPlan`", OURS_SPANS,
        f"{presidio}, 2 given spans per text", peers["presidio"])
    row("email + phone, 2-field record through `Masker.mask` (async, cached plan)", OURS_SPANS_MASKER,
        f"{presidio}, 2 given spans per text", peers["presidio"])
    row("email + phone, the two strategies called directly", OURS_SPANS_DIRECT,
        f"{presidio}, 2 given spans per text", peers["presidio"])
    row("record masking, 20-field plan (support view)", OURS_RECORD, "none", None, 500_000)

    listed = {OURS_FF1, OURS_FF1_NUMERALS, OURS_PSEUDONYM, OURS_SPANS, OURS_SPANS_MASKER, OURS_SPANS_DIRECT, OURS_RECORD}
    others = sorted(name for name in ours if name not in listed)
    if others:
        print()
        print("| other MaskingBenchmarks | median | best | mallocs/op |")
        print("| --- | ---: | ---: | ---: |")
        for name in others:
            ops, best, mallocs = ours[name]
            print(f"| {name} | {timed(ops)} | {rate(best) if best else ''} | {allocations(mallocs)} |")


if __name__ == "__main__":
    main()
