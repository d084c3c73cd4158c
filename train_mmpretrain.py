"""Fine-tune a scene classifier (the datasets of configs_mmpretrain/) with
MMPretrain 1.x.

The configs' lr is for the total batch in their auto_scale_lr.base_batch_size
(64 for full fine-tuning, 256 for the linear probe, on one GPU);
`--auto-scale-lr` scales it linearly to another total batch.

Examples:
    python ./train_mmpretrain.py \
        ./configs_mmpretrain/resnet50_GeRSP_eurosat.py \
        --work-dir ./results/resnet50_GeRSP_eurosat
    python ./train_mmpretrain.py CONFIG --seed 1 --resume   # latest checkpoint
    bash tools/dist_train_downstream.sh CONFIG 4 --auto-scale-lr   # 4 GPUs

The same as tools/train.py CONFIG (mmselfsup.cli.train), which picks the
toolbox from the config.
"""
from mmselfsup.cli.train import main

if __name__ == '__main__':
    main()
