#!/usr/bin/env bash
# Creates Benchmarks/.venv (git-ignored) with the Python peers the comparison
# scripts measure against. Never installs anything into the SDK itself.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet "iab-tcf==0.2.2"
echo "Python peers installed in $(pwd)/.venv"
