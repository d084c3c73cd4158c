#!/usr/bin/env bash
# Pre-train GeRSP as released: `bash tools/dist_train_GeRSP.sh` (8 GPUs,
# configs/selfsup/GeRSP/GeRSP.py, work dir results/GeRSP).
#
# Usage: bash tools/dist_train_GeRSP.sh [CONFIG] [tools/train.py args...]
# Environment: GPUS (processes per node, default 8), and NNODES, NODE_RANK,
#   MASTER_ADDR, PORT, PYTHON as in tools/torchrun.sh.
set -euo pipefail
CONFIG="configs/selfsup/GeRSP/GeRSP.py"
if [[ $# -gt 0 && "$1" != -* ]]; then
  CONFIG="$1"
  shift
fi
exec bash "$(dirname "${BASH_SOURCE[0]}")/dist_train.sh" "$CONFIG" \
  "${GPUS:-8}" "$@"
