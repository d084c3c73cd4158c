"""Evaluate a fine-tuned detector, segmentor or scene classifier (the
toolbox is picked from the config's default_scope); ``CONFIG CHECKPOINT
--help`` lists the options of its family.

Examples:
    python tools/test.py configs_mmdet/faster_rcnn_GeRSP.py \\
        results/faster_rcnn_GeRSP/epoch_24.pth --out preds.pkl
    python tools/test.py configs_mmseg/psanet_GeRSP_loveda.py CKPT --tta
    python tools/test.py configs_mmpretrain/resnet50_GeRSP_eurosat.py \\
        results/resnet50_GeRSP_eurosat
"""
from mmselfsup.cli.test import main

if __name__ == '__main__':
    main()
