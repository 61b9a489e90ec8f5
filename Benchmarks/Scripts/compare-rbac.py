#!/usr/bin/env python3
"""Runs Casbin's own benchmark scenarios (model_b_test.go) three ways in one
run on this machine and prints a Markdown table for Docs/Benchmarks.md:

- ConsentKit: the RBACBenchmarks target, `check` on a compiled snapshot of
  the policy imported with CasbinImporter;
- pycasbin (PyPI `casbin`, in Benchmarks/.venv): `Enforcer.enforce`, same
  policies and requests, timed with timeit;
- Casbin Go (Debian `golang-github-casbin-casbin-dev`): its own
  `go test -bench` on model_b_test.go, run in a copy of the Debian sources
  under /tmp (nothing of it is kept).

Every scenario checks the request model_b_test.go checks; for RBAC small,
medium and large that request is denied, so Casbin considers every rule.

Usage (from the Benchmarks folder):
    bash Scripts/setup-rbac-peers.sh      # once: pycasbin in .venv, Casbin Go via apt
    python3 Scripts/compare-rbac.py
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(PACKAGE, "..", "Tests", "RBACTests", "Fixtures", "casbin")
VENV_PYTHON = os.path.join(PACKAGE, ".venv", "bin", "python")
DEBIAN_CASBIN = "/usr/share/gocode/src/github.com/casbin/casbin"
DEBIAN_GOCODE = "/usr/share/gocode/src"

# (row label, ConsentKit benchmark name, Go benchmark name, pycasbin scenario)
ROWS = [
    ("ACL (basic_model), alice data1 read: allowed",
     "Casbin ACL check", "BenchmarkBasicModel", "acl"),
    ("RBAC (rbac_model), alice data2 read: allowed by role",
     "Casbin RBAC check", "BenchmarkRBACModel", "rbac"),
    ("RBAC small: 1,000 users, 100 roles, 10 resources; denied",
     "Casbin RBAC small check", "BenchmarkRBACModelSmall", "small"),
    ("RBAC medium: 10,000 users, 1,000 roles, 100 resources; denied",
     "Casbin RBAC medium check", "BenchmarkRBACModelMedium", "medium"),
    ("RBAC large: 100,000 users, 10,000 roles, 1,000 resources; denied",
     "Casbin RBAC large check", "BenchmarkRBACModelLarge", "large"),
    ("RBAC sizes large (long names, 17 requests, half denied)",
     "Casbin RBAC sizes large check", "BenchmarkRBACModelSizes/large", "sizes-large"),
    ("RBAC with resource roles, alice data1 read: allowed",
     "Casbin RBAC with resource roles check", "BenchmarkRBACModelWithResourceRoles", "resource-roles"),
    ("RBAC with domains, alice domain1 data1 read: allowed",
     "Casbin RBAC with domains check", "BenchmarkRBACModelWithDomains", "domains"),
    ("RBAC with deny (deny-override), alice data1 read: allowed",
     "Casbin RBAC with deny check", "BenchmarkRBACModelWithDeny", "deny"),
]

# The same scenarios for pycasbin: policies and requests as model_b_test.go builds them.
PEER = r"""
import json, logging, os, statistics, sys, timeit
import casbin
logging.disable(logging.CRITICAL)
fixtures = sys.argv[1]
wanted = json.loads(sys.argv[2])

def path(name):
    return os.path.join(fixtures, name)

def sized(roles, users):
    e = casbin.Enforcer(path("rbac_model.conf"))
    e.add_policies([["group%d" % i, "data%d" % (i // 10), "read"] for i in range(roles)])
    e.add_grouping_policies([["user%d" % i, "group%d" % (i // 10)] for i in range(users)])
    return e

def sizes(roles, resources, users):
    e = casbin.Enforcer(path("rbac_model.conf"))
    e.add_policies([["group-has-a-very-long-name-%d" % i, "data-has-a-very-long-name-%d" % (i % resources), "read"]
                    for i in range(roles)])
    e.add_grouping_policies([["user-has-a-very-long-name-%d" % i, "group-has-a-very-long-name-%d" % (i % roles)]
                             for i in range(users)])
    requests = []
    for i in range(17):
        user = (users // 17) * i
        role = user % roles
        resource = role % resources
        if i % 2 == 0:
            resource = (resource + 1) % resources
        requests.append(("user-has-a-very-long-name-%d" % user, "data-has-a-very-long-name-%d" % resource, "read"))
    return e, requests

def scenario(name):
    if name == "acl":
        return casbin.Enforcer(path("basic_model.conf"), path("basic_policy.csv")), [("alice", "data1", "read")]
    if name == "rbac":
        return casbin.Enforcer(path("rbac_model.conf"), path("rbac_policy.csv")), [("alice", "data2", "read")]
    if name == "small":
        return sized(100, 1000), [("user501", "data9", "read")]
    if name == "medium":
        return sized(1000, 10000), [("user5001", "data99", "read")]
    if name == "large":
        return sized(10000, 100000), [("user50001", "data999", "read")]
    if name == "sizes-large":
        return sizes(10000, 1000, 100000)
    if name == "resource-roles":
        return (casbin.Enforcer(path("rbac_with_resource_roles_model.conf"), path("rbac_with_resource_roles_policy.csv")),
                [("alice", "data1", "read")])
    if name == "domains":
        return (casbin.Enforcer(path("rbac_with_domains_model.conf"), path("rbac_with_domains_policy.csv")),
                [("alice", "domain1", "data1", "read")])
    if name == "deny":
        return (casbin.Enforcer(path("rbac_with_deny_model.conf"), path("rbac_with_deny_policy.csv")),
                [("alice", "data1", "read")])
    raise SystemExit("unknown scenario " + name)

out = {}
for name in wanted:
    e, requests = scenario(name)
    for request in requests:
        e.enforce(*request)
    # Calibrate to about 0.2 s per repeat, then take the median of 5 repeats.
    count = len(requests)
    def run():
        for request in requests:
            e.enforce(*request)
    number = 1
    while timeit.timeit(run, number=number) < 0.2:
        number *= 2
    times = [timeit.timeit(run, number=number) / (number * count) for _ in range(5)]
    out[name] = statistics.median(times) * 1e9
print(json.dumps(out))
"""


def consentkit_results():
    """Per benchmark: the JMH export's medians by metric name (wall clock in µs
    per measurement, counts per measurement)."""
    out = tempfile.mkdtemp(prefix="consentkit-rbac-")
    subprocess.run(
        ["swift", "package", "--allow-writing-to-package-directory", "benchmark",
         "--target", "RBACBenchmarks", "--format", "jmh", "--path", out, "--no-progress"],
        cwd=PACKAGE, check=True, stdout=sys.stderr)
    results = {}
    for path in glob.glob(os.path.join(out, "**", "*.json"), recursive=True):
        for element in json.load(open(path)):
            name = element["benchmark"].split(".", 3)[-1].split(".", 1)[-1].replace("_", " ")
            metrics = {"Throughput": element["primaryMetric"]["scorePercentiles"]["50.0"]}
            for metric, values in element["secondaryMetrics"].items():
                metrics[metric] = values["scorePercentiles"]["50.0"]
            results[name] = metrics
    shutil.rmtree(out, ignore_errors=True)
    return results


def per_operation(metrics, scale):
    """(ns, mallocs) per operation; check benchmarks measure 1,000 checks at a time."""
    wall = metrics.get("Time (wall clock)")
    mallocs = metrics.get("Malloc (total)")
    return (None if wall is None else wall * 1000 / scale,
            None if mallocs is None else mallocs / scale)


def pycasbin_results():
    if not os.path.exists(VENV_PYTHON):
        print("pycasbin: Benchmarks/.venv missing, run Scripts/setup-rbac-peers.sh", file=sys.stderr)
        return {}, None
    version = subprocess.run([VENV_PYTHON, "-c", "import importlib.metadata as m; print(m.version('casbin'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    scenarios = [row[3] for row in ROWS]
    completed = subprocess.run([VENV_PYTHON, "-c", PEER, FIXTURES, json.dumps(scenarios)],
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout), version


def casbin_go_results():
    if not (shutil.which("go") and os.path.isdir(DEBIAN_CASBIN)):
        print("Casbin Go: golang-go or golang-github-casbin-casbin-dev missing, skipped", file=sys.stderr)
        return {}, None
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "golang-github-casbin-casbin-dev"],
                             capture_output=True, text=True).stdout.strip() or "?"
    # The Debian tree is a GOPATH layout; the module path ends in /v2, so copy
    # it there and build in GOPATH mode against Debian's govaluate.
    root = tempfile.mkdtemp(prefix="casbin-go-")
    try:
        source = os.path.join(root, "src", "github.com", "casbin", "casbin", "v2")
        shutil.copytree(DEBIAN_CASBIN, source, symlinks=True)
        for owner in os.listdir(os.path.join(DEBIAN_GOCODE, "github.com")):
            if owner != "casbin":
                os.symlink(os.path.join(DEBIAN_GOCODE, "github.com", owner),
                           os.path.join(root, "src", "github.com", owner))
        pattern = "^(" + "|".join(sorted({row[2].split("/")[0] for row in ROWS})) + ")$"
        environment = dict(os.environ, GO111MODULE="off", GOPATH=root, GOCACHE=os.path.join(root, "cache"))
        completed = subprocess.run(["go", "test", "-run", "^$", "-bench", pattern, "-benchmem", "."],
                                   cwd=source, env=environment, capture_output=True, text=True)
        if completed.returncode != 0:
            print(completed.stdout + completed.stderr, file=sys.stderr)
            return {}, version
        results = {}
        for line in completed.stdout.splitlines():
            match = re.match(r"(Benchmark\S+?)(-\d+)?\s+\d+\s+([0-9.]+) ns/op(?:\s+(\d+) B/op\s+(\d+) allocs/op)?", line)
            if match:
                results[match.group(1)] = (float(match.group(3)), int(match.group(5) or 0))
        print(completed.stdout, file=sys.stderr)
        return results, version
    finally:
        shutil.rmtree(root, ignore_errors=True)


def duration(ns):
    if ns is None:
        return "n/a"
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.2f} µs"
    return f"{ns:,.0f} ns"


def ratio(theirs, ours):
    if theirs is None or not ours:
        return "n/a"
    return f"{theirs / ours:,.0f}×"


def main():
    go, go_version = casbin_go_results()
    python, python_version = pycasbin_results()
    ours = consentkit_results()
    print(f"Casbin Go {go_version or '(not run)'} (Debian), pycasbin {python_version or '(not run)'}; "
          "ConsentKit figures are medians, Casbin Go's are go test -bench means, pycasbin's the median of 5 timeit runs.")
    print()
    print("| scenario (casbin model_b_test.go) | ConsentKit check | mallocs | Casbin Go | Go allocs | pycasbin "
          "| Go / ConsentKit | pycasbin / ConsentKit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, name, go_name, peer in ROWS:
        mine, mallocs = per_operation(ours.get(name, {}), 1000)
        go_ns, go_allocs = go.get(go_name, (None, None))
        py_ns = python.get(peer)
        print(f"| {label} | {duration(mine)} | {'' if mallocs is None else f'{mallocs:,.0f}'} | {duration(go_ns)} "
              f"| {'' if go_allocs is None else go_allocs} | {duration(py_ns)} | {ratio(go_ns, mine)} "
              f"| {ratio(py_ns, mine)} |")
    print()
    print("| RBAC large, ConsentKit only | median | mallocs | peak resident memory | checks meanwhile | failed or torn checks |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in ["Casbin RBAC large compile", "Casbin RBAC large import", "Casbin RBAC large reload under load"]:
        metrics = ours.get(name, {})
        wall, mallocs = per_operation(metrics, 1)
        reload = "reload" in name
        memory = None if reload else metrics.get("Memory (resident peak)")
        checks = metrics.get("Checks during the reload") if reload else None
        failures = metrics.get("Failed or torn checks") if reload else None
        print(f"| {name.replace('Casbin RBAC large ', '')} | {duration(wall)} "
              f"| {'' if mallocs is None else f'{mallocs:,.0f}'} "
              f"| {'' if memory is None else f'{memory / 1e6:,.0f} MB'} "
              f"| {'' if checks is None else f'{checks:,.0f}'} | {'' if failures is None else f'{failures:,.0f}'} |")


if __name__ == "__main__":
    main()
