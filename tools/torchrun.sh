#!/usr/bin/env bash
# The one torchrun wrapper behind every launcher: GPUS processes per node of
# SCRIPT, each given ARGS and `--launcher pytorch`.
#
# Usage: GPUS=N bash tools/torchrun.sh SCRIPT [ARGS...]
# Environment: GPUS (processes per node), NNODES (1), NODE_RANK (0),
#   MASTER_ADDR (127.0.0.1), PORT (29500), PYTHON. Without GPUs the
#   processes run on the CPU and talk over gloo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
if [[ $# -lt 1 || -z "${GPUS:-}" ]]; then
  echo "usage: GPUS=N bash tools/torchrun.sh SCRIPT [ARGS...]" >&2
  exit 2
fi
SCRIPT=$1
shift
# More processes than visible GPUs would crash each extra process later on;
# without any GPU, the processes run on the CPU (gloo), as the tests do.
VISIBLE=$("$PYTHON" -c 'import torch; print(torch.cuda.device_count())' \
  2>/dev/null || echo 0)
if [[ "$VISIBLE" =~ ^[0-9]+$ ]] && (( VISIBLE > 0 && GPUS > VISIBLE )); then
  echo "error: GPUS=$GPUS processes per node, but only $VISIBLE GPU(s) are" \
    "visible (CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-all});" \
    "use GPUS=$VISIBLE or fewer" >&2
  exit 1
fi
exec "$PYTHON" -m torch.distributed.run \
  --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
  --master_addr="${MASTER_ADDR:-127.0.0.1}" --nproc_per_node="$GPUS" \
  --master_port="${PORT:-29500}" \
  "$SCRIPT" "$@" --launcher pytorch
