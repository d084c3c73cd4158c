#!/usr/bin/env bash
# Fine-tune a downstream model with GPUS processes per node: the training
# script follows the config's folder (configs_mmdet/ -> train_mmdet.py,
# configs_mmseg/ -> train_mmseg.py, configs_mmpretrain/ ->
# train_mmpretrain.py); tools/dist_train.sh does the rest.
#
# Usage: bash tools/dist_train_downstream.sh CONFIG GPUS [script args...]
set -euo pipefail
TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 2 ]]; then
  echo "usage: bash tools/dist_train_downstream.sh CONFIG GPUS [args...]" >&2
  exit 2
fi
case "$1" in
  *configs_mmdet/*) SCRIPT=train_mmdet.py ;;
  *configs_mmseg/*) SCRIPT=train_mmseg.py ;;
  *configs_mmpretrain/*) SCRIPT=train_mmpretrain.py ;;
  *)
    echo "error: $1 is not under configs_mmdet/, configs_mmseg/ or configs_mmpretrain/" >&2
    exit 2 ;;
esac
SCRIPT="$(dirname "$TOOLS")/$SCRIPT" exec bash "$TOOLS/dist_train.sh" "$@"
