# The ImageNet-supervised baseline: torchvision's ResNet-50 file
# (../../../configs/_base_/pretrained/), loaded strictly.
# zero_init_residual=False: see gersp_r50.py.
_base_ = '../../../configs/_base_/pretrained/imagenet_r50.py'
pretrained_backbone = dict(zero_init_residual=False)
