"""Evaluate a fine-tuned scene classifier on the test split: top-1 accuracy
(`accuracy/top1`, in percent), printed and kept with the config and the
checkpoint in an evaluation record,
WORK_DIR/<timestamp>/evaluations/test/record.json (what tools/repeat_runs.py
and tools/benchmarks/benchmark_grid.py read).

CHECKPOINT may be a training work dir: its last checkpoint is evaluated.

Examples:
    python ./test_mmpretrain.py \
        ./configs_mmpretrain/resnet50_GeRSP_eurosat.py \
        ./results/resnet50_GeRSP_eurosat/epoch_100.pth
    python ./test_mmpretrain.py CONFIG results/CONFIG_NAME/seed_0 \
        --work-dir results/CONFIG_NAME/seed_0 --out preds.pkl

The same as tools/test.py CONFIG CHECKPOINT (mmselfsup.cli.test), which
picks the toolbox from the config.
"""
from mmselfsup.cli.test import main

if __name__ == '__main__':
    main()
