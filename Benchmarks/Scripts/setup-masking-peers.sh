#!/usr/bin/env bash
# Creates Benchmarks/.venv-masking (git-ignored) with the Python peers that
# Scripts/compare-masking.py measures against: Microsoft Presidio's anonymizer
# and the PyPI `fpe` package (NIST SP 800-38G FF1). Never installs anything
# into the SDK itself.
#
# `fpe` 0.1.2 builds on Python 3.10 but not on 3.11+, so the venv needs a
# python3.10 (and presidio-anonymizer 2.2.365 is its last release for 3.10).
# Set PYTHON310=/path/to/python3.10 to choose one; otherwise the script looks
# on PATH, in pyenv's versions folder and in the usual system folders.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() {
    [[ -n "$1" && -x "$1" ]] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null
}

find_python310() {
    local candidate
    for candidate in \
        "${PYTHON310:-}" \
        "$(command -v python3.10 2>/dev/null || true)" \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 \
        /usr/local/bin/python3.10 /usr/bin/python3.10; do
        if is_python310 "$candidate"; then
            echo "$candidate"
            return
        fi
    done
}

if [[ -n "${PYTHON310:-}" ]] && ! is_python310 "$PYTHON310"; then
    echo "error: PYTHON310=$PYTHON310 is not a Python 3.10 interpreter." >&2
    exit 1
fi
PYTHON="$(find_python310)"
if [[ -z "$PYTHON" ]]; then
    echo "error: no Python 3.10 found (the \`fpe\` peer does not build on 3.11+)." >&2
    echo "Install one (pyenv install 3.10, or your distribution's python3.10) or set PYTHON310=/path/to/python3.10." >&2
    exit 1
fi

# A venv made by another Python version is replaced, not patched.
if [[ -e .venv-masking ]] && ! is_python310 .venv-masking/bin/python; then
    rm -rf .venv-masking
fi
"$PYTHON" -m venv .venv-masking
.venv-masking/bin/pip install --quiet --upgrade pip
.venv-masking/bin/pip install --quiet "presidio-anonymizer==2.2.365" "fpe==0.1.2"
.venv-masking/bin/python - <<'PY'
import importlib.metadata as m
print("Python peers installed in .venv-masking:",
      ", ".join(f"{name} {m.version(name)}" for name in ("presidio-anonymizer", "fpe")))
PY
