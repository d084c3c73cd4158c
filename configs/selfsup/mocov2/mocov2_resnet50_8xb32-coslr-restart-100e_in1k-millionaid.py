# MoCo-IN-MAID: MoCo v2 on the union of ImageNet-1k's training images
# (labels unused) and the unlabeled Million-AID images, 8 GPUs x 32 images
# drawn from both, 100 epochs of the union.
# Model: mmpretrain MoCo v2 with GeRSP's sizes (models/mocov2_r50.py);
# data: GeRSP's two sources and view spec (datasets/
# mocov2_imagenet_millionaid.py); schedule and runtime: GeRSP's (SGD lr
# 0.007, cosine restarted every 20 epochs). Guesses: docs/pretraining.md,
# "MoCo v2 baselines".
# Launch: bash tools/dist_train.sh CONFIG 8
_base_ = [
    '../_base_/models/mocov2_r50.py',
    '../_base_/datasets/mocov2_imagenet_millionaid.py',
    '../_base_/schedules/sgd_coslr-restart-100e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(
    dataset=dict(
        type='ConcatDataset',
        datasets=[{{_base_.imagenet}}, {{_base_.millionaid}}],
        # ConcatDataset wants equal metainfo: the ImageNet source names its
        # classes, the Million-AID folder has none (MoCo reads neither)
        ignore_keys=['classes']))
