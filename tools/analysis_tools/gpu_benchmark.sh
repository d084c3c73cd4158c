#!/usr/bin/env bash
# GeRSP speed on one CUDA GPU: images/s of the training step at 32 images
# per branch in fp32, bf16 + channels_last, and bf16 + channels_last +
# torch.compile, each next to its bare compute floor (benchmark_gersp.py);
# then the data pipeline's samples/s on one CPU core. Without a GPU only the
# pipeline part runs. Then, with DALI installed, the DALI path's samples/s
# per GPU and the step fed by it against the step fed by dataloader workers
# (benchmark_dali.py), fp32 and bf16. Full output of every run:
# $OUT_DIR/*.log.
#
# Usage: bash tools/analysis_tools/gpu_benchmark.sh
# Environment (defaults): CONFIG (configs/selfsup/GeRSP/GeRSP_crop-decode.py),
#   BATCH (32), WARMUP (5), STEPS (20), IMAGES (96), PASSES (2),
#   OUT_DIR (a new temporary folder), PYTHON, DALI_THREADS (4), WORKERS (8).
# bf16 falls back to fp16 with loss scaling on GPUs without bf16 (--amp).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../python_env.sh"
cd "$ROOT"
CONFIG=${CONFIG:-configs/selfsup/GeRSP/GeRSP_crop-decode.py}
OUT_DIR=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$OUT_DIR"
BENCH=("$PYTHON" tools/analysis_tools/benchmark_gersp.py --config "$CONFIG")

figure() {  # figure NAME LOG: the value of a `NAME: value` line
  sed -n "s/^$1: //p" "$2"
}

if "$PYTHON" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'
then
  "$PYTHON" -c 'import torch; print("GPU:", torch.cuda.get_device_name(),
    "bf16" if torch.cuda.is_bf16_supported() else "fp16 (no bf16)")'
  GPU=1
else
  echo "GPU: none visible"
  GPU=0
fi
echo "step: ${BATCH:-32} labeled + ${BATCH:-32} unlabeled images per step"

for mode in fp32 bf16+channels_last bf16+channels_last+compile; do
  if [[ $GPU == 0 ]]; then
    echo "$mode: skipped (no CUDA GPU)"
    continue
  fi
  flags=()
  [[ $mode == bf16* ]] && flags+=(--amp --channels-last)
  [[ $mode == *compile ]] && flags+=(--compile)
  log="$OUT_DIR/step_$mode.log"
  "${BENCH[@]}" --only step --device cuda --batch "${BATCH:-32}" \
    --warmup "${WARMUP:-5}" --steps "${STEPS:-20}" "${flags[@]}" > "$log" 2>&1
  echo "$mode: $(figure step_images_per_s "$log") images/s" \
    "(floor $(figure floor_images_per_s "$log") images/s," \
    "overhead x$(figure step_overhead_ratio "$log"))"
done

log="$OUT_DIR/pipeline.log"
"${BENCH[@]}" --only pipeline --images "${IMAGES:-96}" \
  --passes "${PASSES:-2}" > "$log" 2>&1
echo "data pipeline: $(figure pipeline_samples_per_s "$log") samples/s" \
  "per CPU core (1 labeled + 2 unlabeled views each), " \
  "$(figure pipeline_speedup_vs_torchvision "$log")x torchvision's"

# the DALI data path (GeRSP_dali.py): samples/s per GPU, and the step fed by
# DALI against the step fed by dataloader workers, fp32 and bf16
if [[ $GPU == 1 ]] && "$PYTHON" -c 'import nvidia.dali' 2>/dev/null; then
  for mode in fp32 bf16; do
    log="$OUT_DIR/dali_$mode.log"
    flags=()
    [[ $mode == bf16 ]] && flags+=(--amp)
    "$PYTHON" tools/analysis_tools/benchmark_dali.py --device gpu --step \
      --dali-threads "${DALI_THREADS:-4}" --batch "${BATCH:-32}" \
      --images "${IMAGES:-96}" --workers "${WORKERS:-8}" "${flags[@]}" \
      > "$log" 2>&1
    echo "DALI $mode: $(figure dali_samples_per_s "$log") samples/s per GPU;" \
      "step fed by DALI $(figure step_dali_samples_per_s "$log")," \
      "by ${WORKERS:-8} workers $(figure step_workers_samples_per_s "$log") samples/s"
  done
else
  echo "DALI: skipped (needs a CUDA GPU and nvidia-dali-cuda120)"
fi
echo "logs: $OUT_DIR"
