"""Fine-tune a detector with MMDetection 3.x (the release's command).

The release fine-tuned on ONE GPU with 4 images per batch, the batch its lr
is set for; the release's flags (--resume-from, --no-validate,
--deterministic, --gpus / --gpu-ids, --options) are accepted too.

Examples:
    python ./train_mmdet.py ./configs_mmdet/faster_rcnn_GeRSP.py \
        --work-dir ./results/faster_rcnn_GeRSP
    python ./train_mmdet.py CONFIG --resume      # latest checkpoint
    bash tools/dist_train_mmdet.sh CONFIG 8 --auto-scale-lr   # 8 GPUs

The same as tools/train.py CONFIG (mmselfsup.cli.train), which picks the
toolbox from the config.
"""
from mmselfsup.cli.train import main

if __name__ == '__main__':
    main()
