#!/usr/bin/env bash
# Style checks in seconds: flake8, isort and yapf with the settings of
# setup.cfg (the OpenMMLab style), over every Python file of the repo.
# `bash tools/lint.sh --fix` rewrites the files with isort and yapf instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
cd "$ROOT"
mapfile -t FILES < <(find . -name '*.py' -not -path './.venv/*' \
  -not -path './.git/*' -not -path './results/*' -not -path './data/*' \
  -not -path './work_dirs/*' -not -path './build/*' | sort)
if [[ "${1:-}" == --fix ]]; then
  "$PYTHON" -m isort --quiet "${FILES[@]}"
  "$PYTHON" -m yapf --in-place --parallel "${FILES[@]}"
fi
status=0
"$PYTHON" -m flake8 "${FILES[@]}" || status=1
"$PYTHON" -m isort --check-only --diff --quiet "${FILES[@]}" || status=1
"$PYTHON" -m yapf --diff --parallel "${FILES[@]}" || status=1
if [[ $status -ne 0 ]]; then
  echo "[lint] style errors above; 'bash tools/lint.sh --fix' fixes isort/yapf ones" >&2
  exit 1
fi
echo "[lint] ${#FILES[@]} files clean (flake8, isort, yapf)"
