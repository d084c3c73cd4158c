#!/usr/bin/env bash
# Usage: bash tools/dist_train.sh CONFIG GPUS [tools/train.py args...]
# Environment: NNODES, NODE_RANK, MASTER_ADDR, PORT as in dist_train_GeRSP.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
if [[ $# -lt 2 ]]; then
  echo "usage: bash tools/dist_train.sh CONFIG GPUS [train.py args...]" >&2
  exit 2
fi
CONFIG=$1
GPUS=$2
shift 2
exec "$PYTHON" -m torch.distributed.run \
  --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
  --master_addr="${MASTER_ADDR:-127.0.0.1}" --nproc_per_node="$GPUS" \
  --master_port="${PORT:-29500}" \
  "$ROOT/tools/train.py" "$CONFIG" --launcher pytorch "$@"
