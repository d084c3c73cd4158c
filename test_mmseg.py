"""Evaluate a fine-tuned segmentor: mIoU (with the per-class IoU table in
the log) on the config's test split (LoveDA val).

Examples:
    python ./test_mmseg.py ./configs_mmseg/psanet_GeRSP_loveda.py \
        ./results/psanet_GeRSP_loveda/iter_80000.pth
    python ./test_mmseg.py CONFIG CKPT --show-dir vis --out preds
    python ./test_mmseg.py CONFIG CKPT --tta   # multi-scale + flip

The same as tools/test.py CONFIG CHECKPOINT (mmselfsup.cli.test), which
picks the toolbox from the config.
"""
from mmselfsup.cli.test import main

if __name__ == '__main__':
    main()
