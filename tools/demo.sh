#!/usr/bin/env bash
# The main job on built-in generated data: generate the demo data, pre-train
# GeRSP on the CPU for a short schedule, then summarise and plot the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python_env.sh"
cd "$ROOT"
WORK_DIR="${WORK_DIR:-results/GeRSP_demo}"
START=$(date +%s)

"$PYTHON" tools/generate_demo_data.py --out data/demo --seed 0
"$PYTHON" tools/train.py configs/selfsup/GeRSP/GeRSP_demo.py --work-dir "$WORK_DIR" "$@"
"$PYTHON" tools/summarize_training.py "$WORK_DIR"
echo "[demo] finished in $(( $(date +%s) - START )) s"
