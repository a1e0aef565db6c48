#!/usr/bin/env bash
# Run the SPC benchmark (issue 3, section 4) in its own virtual environment.
# Usage: benchmarks/spc/run.sh [bench_spc.py options, e.g. --series 2000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
# The engine is pure Python + numpy: it runs from the work tree, not installed.
PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" exec "$venv/bin/python" "$here/bench_spc.py" "$@"
