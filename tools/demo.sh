#!/usr/bin/env bash
# The main job on built-in generated data, end to end on the CPU:
#   1. pre-train GeRSP for a short schedule with the online kNN monitor;
#      compare InfoNCE, sup_acc1 and kNN top-1 with their chance levels and
#      with the random initialisation (summary.json, loss_curves.png);
#   2. convert the checkpoint to backbone weights;
#   3. generate a small DIOR-format dataset and convert it to COCO;
#   4. fine-tune Faster R-CNN from the converted weights, evaluate (COCO
#      bbox + per-class AP50 table) and draw the predictions on one image.
# Arguments are passed to the pre-training (tools/train.py).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
cd "$ROOT"
WORK_DIR="${WORK_DIR:-results/GeRSP_demo}"
DET_WORK_DIR="${DET_WORK_DIR:-results/faster_rcnn_GeRSP_demo}"
DET_CONFIG=configs_mmdet/faster_rcnn_GeRSP_demo.py
START=$(date +%s)

latest_checkpoint() {
  "$PYTHON" -c "from mmselfsup.utils import find_latest_checkpoint as f; print(f('$1') or '')"
}

echo "[demo] 1/4 pre-training GeRSP"
"$PYTHON" tools/generate_demo_data.py --out data/demo --seed 0
"$PYTHON" tools/train.py configs/selfsup/GeRSP/GeRSP_demo.py --work-dir "$WORK_DIR" "$@"
"$PYTHON" tools/summarize_training.py "$WORK_DIR"

echo "[demo] 2/4 converting the checkpoint"
CKPT=$(latest_checkpoint "$WORK_DIR")
if [[ -z "$CKPT" ]]; then
  echo "[demo] no checkpoint in $WORK_DIR" >&2
  exit 1
fi
CVT="$WORK_DIR/CVT_$(basename "$CKPT")"
"$PYTHON" M_Convert_Checkpoints/convert_gersp.py --src "$CKPT" --dst "$CVT" --force

echo "[demo] 3/4 generating DIOR-format data"
"$PYTHON" tools/generate_demo_data.py --kind dior --out data/demo_dior --seed 0
"$PYTHON" tools/dataset_converters/dior2coco.py data/demo_dior

echo "[demo] 4/4 fine-tuning Faster R-CNN"
"$PYTHON" train_mmdet.py "$DET_CONFIG" --work-dir "$DET_WORK_DIR" \
  --cfg-options "model.backbone.init_cfg.checkpoint=$CVT"
DET_CKPT=$(latest_checkpoint "$DET_WORK_DIR")
IMAGE=$(ls data/demo_dior/JPEGImages-test/*.jpg | head -n 1)
"$PYTHON" tools/draw_detections.py "$DET_CONFIG" "$DET_CKPT" "$IMAGE" \
  --out-dir "$DET_WORK_DIR/predictions"
"$PYTHON" tools/show_ap50_table.py "$DET_WORK_DIR"
echo "[demo] AP50 tables and metrics: $DET_WORK_DIR/<timestamp>/evaluations/"
echo "[demo] finished in $(( $(date +%s) - START )) s"
