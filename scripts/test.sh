#!/usr/bin/env bash
# The whole check: lint, types, tests. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check kzpolicy_gen tests benchmarks
.venv/bin/mypy
.venv/bin/pytest -q "$@"
