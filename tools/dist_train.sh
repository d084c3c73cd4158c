#!/usr/bin/env bash
# Train CONFIG with GPUS processes per node (GPUS gloo CPU processes without
# a GPU). It first states the total batch and whether the lr is scaled.
#
# Usage: bash tools/dist_train.sh CONFIG GPUS [ARGS...]
#   SCRIPT   the training script (default tools/train.py, pre-training;
#            dist_train_mmdet.sh sets train_mmdet.py)
#   work dir results/<config name> unless ARGS give --work-dir
# Environment: NNODES, NODE_RANK, MASTER_ADDR, PORT, PYTHON (tools/torchrun.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
if [[ $# -lt 2 ]]; then
  echo "usage: bash tools/dist_train.sh CONFIG GPUS [args...]" >&2
  exit 2
fi
CONFIG=$1
GPUS=$2
shift 2
SCRIPT=${SCRIPT:-$ROOT/tools/train.py}
"$PYTHON" "$SCRIPT" "$CONFIG" --describe-batch "$(( GPUS * ${NNODES:-1} ))" "$@"
GPUS=$GPUS exec bash "$ROOT/tools/torchrun.sh" "$SCRIPT" "$CONFIG" "$@"
