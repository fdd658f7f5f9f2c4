#!/usr/bin/env bash
# Create (or update) .venv with CaseLine and its development tools. Prints the venv path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${CASELINE_VENV:-$root/.venv}"
stamp="$venv/.caseline-installed"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv" >&2
fi
# Reinstall only when pyproject.toml changed since the last install.
if [[ ! -f "$stamp" || "$root/pyproject.toml" -nt "$stamp" ]]; then
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
  "$venv/bin/python" -m pip install -q -e "$root[dev]" >&2
  touch "$stamp"
fi
echo "$venv"
