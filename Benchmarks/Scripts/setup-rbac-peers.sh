#!/usr/bin/env bash
# Installs the Casbin peers that Scripts/compare-rbac.py measures against:
# - pycasbin (PyPI `casbin`) into the git-ignored Benchmarks/.venv that
#   setup-python-peers.sh also uses;
# - Casbin Go from Debian (`golang-github-casbin-casbin-dev`, its sources and
#   benchmarks) with `golang-go`, when apt offers them (needs root).
# Never installs anything into the SDK itself.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --upgrade pip
fi
.venv/bin/pip install --quiet "casbin"
echo "pycasbin $(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("casbin"))') installed in $(pwd)/.venv"

debian_candidate() {
    apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }'
}

go_candidate="$(debian_candidate golang-go)"
casbin_candidate="$(debian_candidate golang-github-casbin-casbin-dev)"
if [ -z "$go_candidate" ] || [ "$go_candidate" = "(none)" ] \
    || [ -z "$casbin_candidate" ] || [ "$casbin_candidate" = "(none)" ]; then
    echo "apt offers no golang-go and/or golang-github-casbin-casbin-dev here:" \
        "compare-rbac.py will skip Casbin Go" >&2
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "installing Casbin Go needs root: sudo apt-get install -y golang-go golang-github-casbin-casbin-dev" >&2
    exit 0
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go golang-github-casbin-casbin-dev >/dev/null
echo "Casbin Go $casbin_candidate (Debian) and golang-go $go_candidate installed;" \
    "sources in /usr/share/gocode/src/github.com/casbin/casbin"
