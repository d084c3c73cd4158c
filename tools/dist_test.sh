#!/usr/bin/env bash
# Evaluate a detector with GPUS processes per node (test_mmdet.py).
#
# Usage: bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [test_mmdet.py args...]
#   SCRIPT   the evaluation script (default test_mmdet.py)
# Environment: NNODES, NODE_RANK, MASTER_ADDR, PORT, PYTHON (tools/torchrun.sh).
set -euo pipefail
TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 3 ]]; then
  echo "usage: bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [args...]" >&2
  exit 2
fi
CONFIG=$1
CHECKPOINT=$2
GPUS=$3
shift 3
GPUS=$GPUS exec bash "$TOOLS/torchrun.sh" \
  "${SCRIPT:-$(dirname "$TOOLS")/test_mmdet.py}" "$CONFIG" "$CHECKPOINT" "$@"
