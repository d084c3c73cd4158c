"""Evaluate a fine-tuned detector: COCO bbox metrics and the per-class AP50
table (printed, and saved as JSON/CSV in the work dir).

Examples:
    python ./test_mmdet.py ./configs_mmdet/faster_rcnn_GeRSP.py \
        ./results/faster_rcnn_GeRSP/epoch_24.pth
    python ./test_mmdet.py CONFIG CKPT --show-dir vis --out results.pkl

The same as tools/test.py CONFIG CHECKPOINT (mmselfsup.cli.test), which
picks the toolbox from the config.
"""
from mmselfsup.cli.test import main

if __name__ == '__main__':
    main()
