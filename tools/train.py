"""Train any config of the project with mmengine's Runner: GeRSP
pre-training, or detection / segmentation / classification fine-tuning (the
toolbox is picked from the config's default_scope).

Examples:
    python tools/train.py configs/selfsup/GeRSP/GeRSP_demo.py
    python tools/train.py configs_mmdet/faster_rcnn_GeRSP.py --resume
    torchrun --nproc_per_node=8 tools/train.py CONFIG --launcher pytorch
"""
from mmselfsup.cli.train import main

if __name__ == '__main__':
    main()
