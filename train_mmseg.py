"""Fine-tune a segmentor with MMSegmentation 1.x (LoveDA).

The recipes are mmseg's LoveDA ones: 4 GPUs x 4 images, the lr set for
that total batch of 16 (``--auto-scale-lr`` scales it to another).

Examples:
    python ./train_mmseg.py ./configs_mmseg/psanet_GeRSP_loveda.py \
        --work-dir ./results/psanet_GeRSP_loveda
    python ./train_mmseg.py CONFIG --resume      # latest checkpoint
    bash tools/dist_train_downstream.sh CONFIG 4  # 4 GPUs, the recipe's

The same as tools/train.py CONFIG (mmselfsup.cli.train), which picks the
toolbox from the config.
"""
from mmselfsup.cli.train import main

if __name__ == '__main__':
    main()
