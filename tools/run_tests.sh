#!/usr/bin/env bash
# Run the test suite (CPU, generated data) with the project's interpreter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
cd "$ROOT"
exec "$PYTHON" -m pytest tests "$@"
