#!/usr/bin/env bash
# Fine-tune a detector on N GPUs (or N gloo CPU processes without a GPU).
#
# Usage: bash tools/dist_train_mmdet.sh CONFIG [GPUS] [train_mmdet.py args...]
#   GPUS defaults to 8; the work dir to results/<config name>. The configs'
#   lr is the release's for ONE GPU x 4 images: add --auto-scale-lr to scale
#   it to GPUS x NNODES x 4 images.
# Environment: NNODES (1), NODE_RANK (0), MASTER_ADDR (127.0.0.1),
#   PORT (29500), PYTHON.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
if [[ $# -lt 1 ]]; then
  echo "usage: bash tools/dist_train_mmdet.sh CONFIG [GPUS] [train_mmdet.py args...]" >&2
  exit 2
fi
CONFIG=$1
shift
GPUS=8
if [[ $# -gt 0 && "$1" != -* ]]; then
  GPUS=$1
  shift
fi
ARGS=("$@")
if [[ " ${ARGS[*]-} " != *" --work-dir"* ]]; then
  ARGS+=(--work-dir "results/$(basename "${CONFIG%.py}")")
fi
# State the total batch and whether the lr is scaled before starting: the
# configs' lr is the release's, for ONE GPU x 4 images.
"$PYTHON" "$ROOT/train_mmdet.py" "$CONFIG" \
  --describe-batch "$(( GPUS * ${NNODES:-1} ))" "${ARGS[@]}"
exec "$PYTHON" -m torch.distributed.run \
  --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
  --master_addr="${MASTER_ADDR:-127.0.0.1}" --nproc_per_node="$GPUS" \
  --master_port="${PORT:-29500}" \
  "$ROOT/train_mmdet.py" "$CONFIG" --launcher pytorch "${ARGS[@]}"
