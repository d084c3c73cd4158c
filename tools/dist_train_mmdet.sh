#!/usr/bin/env bash
# Fine-tune a detector with N processes per node (tools/dist_train.sh with
# train_mmdet.py). The configs' lr is the release's, for ONE GPU x 4
# images: add --auto-scale-lr to scale it to GPUS x NNODES x 4 images.
#
# Usage: bash tools/dist_train_mmdet.sh CONFIG [GPUS] [train_mmdet.py args...]
#   GPUS defaults to 8; the work dir to results/<config name>.
set -euo pipefail
TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
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
SCRIPT="$(dirname "$TOOLS")/train_mmdet.py" exec bash "$TOOLS/dist_train.sh" \
  "$CONFIG" "$GPUS" "$@"
