#!/usr/bin/env bash
# Pre-train GeRSP as released: `bash tools/dist_train_GeRSP.sh`.
#
# Usage: bash tools/dist_train_GeRSP.sh [CONFIG] [tools/train.py args...]
#   CONFIG   defaults to configs/selfsup/GeRSP/GeRSP.py
#   work dir defaults to results/<config name> (results/GeRSP as released)
# Environment: GPUS (processes per node, default 8), NNODES (1), NODE_RANK (0),
#   MASTER_ADDR (127.0.0.1), PORT (29500), PYTHON. Without GPUs, GPUS CPU
#   processes run with the gloo backend.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"

CONFIG="configs/selfsup/GeRSP/GeRSP.py"
if [[ $# -gt 0 && "$1" != -* ]]; then
  CONFIG="$1"
  shift
fi
ARGS=("$@")
if [[ " ${ARGS[*]-} " != *" --work-dir"* ]]; then
  ARGS+=(--work-dir "results/$(basename "${CONFIG%.py}")")
fi

GPUS=${GPUS:-8}
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
MASTER_ADDR=${MASTER_ADDR:-127.0.0.1}
PORT=${PORT:-29500}

exec "$PYTHON" -m torch.distributed.run \
  --nnodes="$NNODES" --node_rank="$NODE_RANK" --master_addr="$MASTER_ADDR" \
  --nproc_per_node="$GPUS" --master_port="$PORT" \
  "$ROOT/tools/train.py" "$CONFIG" --launcher pytorch "${ARGS[@]}"
