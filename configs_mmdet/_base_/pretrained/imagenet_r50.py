# The ImageNet-supervised baseline (torchvision's file, what mmdet's
# `torchvision://resnet50` resolves to; ../../../configs/_base_/pretrained/):
# stem + stage 1 frozen, BN in eval mode with trainable affine parameters
# (the release's base_*.py backbones).
_base_ = '../../../configs/_base_/pretrained/imagenet_r50.py'
pretrained_backbone = dict(
    frozen_stages=1,
    norm_cfg=dict(type='BN', requires_grad=True),
    norm_eval=True)
