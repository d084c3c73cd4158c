# The ImageNet-supervised baseline: torchvision's ResNet-50 file
# (../../../configs/_base_/pretrained/), its 318 backbone tensors loaded
# strictly into the same plain-stem dilated ResNet-50 as the GeRSP variant.
_base_ = '../../../configs/_base_/pretrained/imagenet_r50.py'
